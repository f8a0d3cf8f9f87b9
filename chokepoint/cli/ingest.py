"""``chokepoint ingest SOURCE PATH``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chokepoint import app as composition
from chokepoint.cli.output import console, table
from chokepoint.ingest.fixture import read_fixture
from chokepoint.ingest.service import ingest_records, rejects_file
from chokepoint.ingest.writer import IngestReport
from chokepoint.settings import load_settings

ingest_app = typer.Typer(help="Load a source file into the graph.", no_args_is_help=True)


@ingest_app.command("records")
def records(path: Annotated[Path, typer.Argument(help="A Chokepoint JSON record file")]) -> None:
    """Chokepoint's own JSON record format (demo fixtures, hand-made records)."""
    settings = load_settings()
    provenance, items = read_fixture(path)
    with composition.connect(settings) as graph:
        report = ingest_records(
            graph,
            composition.model_of(settings),
            provenance,
            items,
            rejects_file(settings.home, provenance.dataset),
            total=len(items),
        )
    print_report(path.name, report)


def print_report(name: str, report: IngestReport) -> None:
    counts = report.counts
    console.print(
        table(
            f"Ingest of {name}",
            ["read", "created", "updated", "unchanged", "rejected"],
            [[report.read, counts.created, counts.updated, counts.unchanged, len(report.rejected)]],
        )
    )
