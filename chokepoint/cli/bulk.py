"""``chokepoint db import DIR [--source NAME=PATH …]``: initial bulk load through neo4j-admin."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from chokepoint import composition
from chokepoint.cli.ingest import parse_date
from chokepoint.cli.output import console, table
from chokepoint.composition import bulk_load
from chokepoint.errors import ConfigurationError
from chokepoint.ingest.bulk_csv import ARGS_FILE, write_import_files
from chokepoint.ingest.bulk_merge import BulkGraph
from chokepoint.ingest.registry import opener
from chokepoint.ingest.service import rejects_file
from chokepoint.ingest.source import Options, ParsedSource
from chokepoint.settings import load_settings


def bulk_import(
    directory: Annotated[
        Path, typer.Argument(help="Folder of import CSVs (written there first with --source)")
    ],
    source: Annotated[
        list[str] | None,
        typer.Option(help="SOURCE=PATH to read into DIR before importing (repeatable; as `ingest`)"),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for sources that do not carry one")
    ] = None,
    write_only: Annotated[
        bool, typer.Option("--write-only", help="Only write DIR (for neo4j-admin on another host)")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Replace the database without asking")] = False,
) -> None:
    """Replace the embedded database with a bulk import (neo4j-admin): fastest initial load.

    With --source, each source is read, validated and merged as `ingest` would, and written to DIR as
    import CSVs; without, DIR must hold such files from an earlier run. The server is stopped, the
    database replaced, the server restarted and the schema applied.
    """
    settings = load_settings()
    parsed = [part for spec in source or [] for part in _open(spec, published)]
    if write_only:
        if not parsed:
            raise ConfigurationError("--write-only needs at least one --source SOURCE=PATH")
        _write_sources(directory, parsed, settings.home)
        console.print(
            f"Import with: neo4j-admin database import full @{ARGS_FILE} neo4j (run in {directory})"
        )
        return
    if not yes:
        typer.confirm(f"Replace ALL data of the {settings.neo4j_database!r} database?", abort=True)
    if parsed:
        _write_sources(directory, parsed, settings.home)
    with console.status("Importing with neo4j-admin (the server is stopped meanwhile)…"):
        summary = bulk_load(settings, directory)
        if any(part.finish is not None for part in parsed):
            with composition.connect(settings) as graph:
                for part in parsed:
                    if part.finish is not None:
                        part.finish(graph)
    console.print(
        f"Imported {summary.nodes:,} nodes and {summary.relationships:,} relationships with Neo4j "
        f"{summary.neo4j_version}'s import tool in {summary.seconds:.1f} s "
        f"({summary.nodes_per_s:,.0f} nodes/s, {summary.relationships_per_s:,.0f} relationships/s; "
        f"{summary.wall_seconds:.1f} s with start-up). Log: {summary.log_file}"
    )


def _open(spec: str, published: str | None) -> list[ParsedSource]:
    name, _, path = spec.partition("=")
    if not path:
        raise ConfigurationError(
            f"--source {spec!r} must be SOURCE=PATH, e.g. ofac-advanced=sdn_advanced.xml"
        )
    parts = opener(name)(Path(path), Options(published=parse_date(published)))
    if any(getattr(part, "prepare", None) is not None for part in parts):
        raise ConfigurationError(
            f"--source {name}: its records name nodes already in the database, which a bulk import "
            f"replaces; load it with `chokepoint ingest {name} {path}` after the import."
        )
    return parts


def _write_sources(directory: Path, parsed: list[ParsedSource], home: Path) -> None:
    model = composition.model_of(load_settings())
    bulk = BulkGraph(model)
    began = time.monotonic()
    with console.status("Reading and validating the sources…"):
        for part in parsed:
            bulk.add_records(part.provenance, part.records)
        files = write_import_files(model, bulk, directory)
    console.print(
        table(
            f"Import files in {directory} ({time.monotonic() - began:.1f} s)",
            ["read", "nodes", "relationships", "rejected"],
            [[bulk.read, sum(files.nodes.values()), sum(files.relationships.values()), len(bulk.rejected)]],
        )
    )
    if bulk.rejected:
        path = rejects_file(home, "bulk-import")
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = (json.dumps({"record": r.record_id, "reason": r.reason}) for r in bulk.rejected)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        console.print(f"{len(bulk.rejected)} rejected record(s) written to {path}")
