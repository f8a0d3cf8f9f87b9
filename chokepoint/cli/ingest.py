"""``chokepoint ingest SOURCE PATH``."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Annotated

import typer

from chokepoint import composition
from chokepoint.alerts.service import ingest_watched
from chokepoint.cli.alerts_cmd import print_fired
from chokepoint.cli.exposure_cmd import floor_states, print_stale_floors
from chokepoint.cli.output import console, table
from chokepoint.cli.progress import ProgressBar
from chokepoint.errors import ConfigurationError
from chokepoint.ingest.registry import SOURCES, opener
from chokepoint.ingest.service import prepare_graph, rejects_file
from chokepoint.ingest.source import Options
from chokepoint.ingest.writer import IngestReport
from chokepoint.schema.vocabulary import CAVEATS, PROGRAM_GROUPS
from chokepoint.settings import load_settings

_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def plain(markdown: str) -> str:
    """A README cell as help text: links as their text, no backticks."""
    return _LINK.sub(r"\1", markdown).replace("`", "")


SOURCES_HELP = "; ".join(f"{name}: {plain(spec.reads)}" for name, spec in SOURCES.items())


def ingest(
    source: Annotated[str, typer.Argument(help=f"Source format. {SOURCES_HELP}")],
    path: Annotated[Path, typer.Argument(help="File (or folder, for list formats) to load")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD, for files that do not carry one (SDN.CSV, lists)"),
    ] = None,
    programs: Annotated[
        str | None,
        typer.Option(help="OFAC sources: keep only parties under these programmes (comma-separated codes)"),
    ] = None,
    dataset: Annotated[str | None, typer.Option(help="Agency CSV files: dataset id")] = None,
    agency: Annotated[str | None, typer.Option(help="Agency CSV files: agency owning the records")] = None,
    caveat: Annotated[str | None, typer.Option(help=f"Agency CSV files: one of {', '.join(CAVEATS)}")] = None,
    synthetic: Annotated[bool, typer.Option(help="Agency CSV files: the records are generated")] = False,
    chain: Annotated[
        str | None,
        typer.Option(
            help="wallet-ledger explorer exports: their chain (bsc, arbitrum …), when the file does not "
            "say it (Arbiscan, Polygonscan and the like print Etherscan's header); btc-transactions: "
            "bitcoin (the default), bitcoin-cash or litecoin"
        ),
    ] = None,
    decimal_comma: Annotated[
        bool,
        typer.Option(
            help="wallet-ledger CSV: amounts use a comma as the decimal mark (1.234,56), as spreadsheets "
            "in many locales save them; a file separated by semicolons is then read as such"
        ),
    ] = False,
) -> None:
    """Load a source file into the graph: validated, batched, idempotent, with provenance."""
    settings = load_settings()
    options = Options(
        published=parse_date(published),
        programs=program_codes(programs),
        dataset=dataset,
        agency=agency,
        caveat=caveat,
        synthetic=synthetic,
        chain=chain,
        decimal_comma=decimal_comma,
    )
    parsed_sources = opener(source)(path, options)
    model = composition.model_of(settings)
    pointers = composition.pointer_rule_of(settings)
    with composition.connect(settings) as graph:
        created = prepare_graph(graph, model)
        if created:
            console.print(f"Schema applied first: {len(created)} missing constraints/indexes created.")
        for parsed in parsed_sources:
            started = time.monotonic()
            rejects = rejects_file(settings.home, parsed.provenance.dataset)
            watched = ingest_watched(graph, model, parsed, rejects, ProgressBar(), pointers)
            report = watched.report
            print_report(parsed.provenance.dataset, report, time.monotonic() - started, parsed.total)
            if report.rejected:
                console.print(f"{len(report.rejected)} rejected record(s) written to {rejects}")
            print_fired(watched.alerts, watched.failure)
        print_stale_floors(floor_states(graph))


def program_codes(text: str | None) -> frozenset[str] | None:
    """``--programs SDNTK,ILLICIT-DRUGS-EO14059`` as a set of codes; a programme group of the schema
    (``drugs``: the drug programmes) stands for its codes."""
    if not text:
        return None
    codes = {code.strip().upper() for code in text.split(",") if code.strip()}
    for group, members in PROGRAM_GROUPS.items():
        if group.upper() in codes:
            codes = (codes - {group.upper()}) | members
    return frozenset(codes)


def parse_date(text: str | None) -> dt.date | None:
    """``--published YYYY-MM-DD`` as a date (shared by `ingest` and `db import`)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigurationError(f"--published {text!r} is not a date YYYY-MM-DD") from None


def print_report(
    name: str, report: IngestReport, seconds: float | None = None, rows: int | None = None
) -> None:
    """The ingest's figures: the file's ``rows`` (when the source counts them) and the records they
    became, each of which is rejected, repeated (folded into an identical one) or written as a
    created, updated or unchanged element; the record columns add up (``IngestReport.reconciles``)."""
    counts = report.counts
    title = f"Ingest of {name}" + (f" in {seconds:.1f} s" if seconds is not None else "")
    console.print(
        table(
            title,
            ["rows", "records", "rejected", "repeated", "created", "updated", "unchanged"],
            [
                [
                    "-" if rows is None else rows,
                    report.read,
                    len(report.rejected),
                    report.repeated,
                    counts.created,
                    counts.updated,
                    counts.unchanged,
                ]
            ],
        )
    )
