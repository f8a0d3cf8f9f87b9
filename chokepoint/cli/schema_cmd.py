"""``chokepoint schema check | generate``, and ``docs`` / ``formats`` that write one kind of file each."""

from __future__ import annotations

import typer

from chokepoint import composition
from chokepoint.cli.output import console
from chokepoint.formats.jsonschema import write_format_schemas
from chokepoint.generated_files import GENERATE_COMMAND, SCHEMA_DOC, stale_files, write_generated_files
from chokepoint.ingest.registry import SOURCES
from chokepoint.ingest.source_table import write_sources_table
from chokepoint.schema.docs import render_schema_doc
from chokepoint.settings import PROJECT_ROOT, load_settings

schema_app = typer.Typer(help="Inspect the domain model.", no_args_is_help=True)
__all__ = ["SCHEMA_DOC", "schema_app"]


@schema_app.command()
def check() -> None:
    """Load and validate every schema file, and name generated files that are stale."""
    model = composition.model_of(load_settings())
    console.print(f"Schema OK: {len(model.nodes)} node types, {len(model.relationships)} relationship types.")
    stale = stale_files(model)
    if stale:
        names = ", ".join(file.name for file in stale)
        console.print(f"Stale generated files: {names}; run `{GENERATE_COMMAND}`", style="yellow")


@schema_app.command()
def generate() -> None:
    """Regenerate every file derived from schema/ and the format models (docs, ontology, SDL, JSON
    Schemas, the vocabulary module); writes only those that changed."""
    written = write_generated_files(composition.model_of(load_settings()))
    for path in written:
        console.print(f"Wrote {path.relative_to(PROJECT_ROOT)}")
    if not written:
        console.print("Every generated file is up to date.")


@schema_app.command()
def docs() -> None:
    """Regenerate docs/schema.md from schema/ (`schema generate` writes it with the rest)."""
    SCHEMA_DOC.write_text(render_schema_doc(composition.model_of(load_settings())), encoding="utf-8")
    console.print(f"Wrote {SCHEMA_DOC.relative_to(PROJECT_ROOT)}")


@schema_app.command()
def formats() -> None:
    """Regenerate docs/formats/<format>.schema.json and README's table of sources (`schema generate`
    writes them with the rest)."""
    for path in [*write_format_schemas(), write_sources_table(SOURCES.values())]:
        console.print(f"Wrote {path.relative_to(PROJECT_ROOT)}")
