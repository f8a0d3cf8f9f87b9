"""Run one ingest: records through the writer, with progress, a rejects file and a summary."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from chokepoint.graph import Graph
from chokepoint.ingest.records import Provenance, Record
from chokepoint.ingest.source import ParsedSource
from chokepoint.ingest.writer import GraphWriter, IngestReport, Rejection
from chokepoint.schema import DomainModel

PROGRESS_EVERY = 1000  # redrawing per record would cost more than the ingest


def ingest_source(
    graph: Graph, model: DomainModel, source: ParsedSource, rejects_path: Path, show_progress: bool = True
) -> IngestReport:
    """Write a parsed source, then run its final step (e.g. marking delisted entries)."""
    report = ingest_records(
        graph, model, source.provenance, source.records, rejects_path, source.total, show_progress
    )
    if source.finish is not None:
        source.finish(graph)
    return report


def ingest_records(
    graph: Graph,
    model: DomainModel,
    provenance: Provenance,
    records: Iterable[Record],
    rejects_path: Path,
    total: int | None = None,
    show_progress: bool = True,
) -> IngestReport:
    """Write ``records``; each rejection is printed and appended to ``rejects_path`` (JSON lines)."""
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    with rejects_path.open("w", encoding="utf-8") as rejects, _progress(show_progress) as progress:
        task = progress.add_task(provenance.dataset, total=total)

        def on_reject(rejection: Rejection) -> None:
            progress.console.print(f"[yellow]rejected[/] {rejection.record_id}: {rejection.reason}")
            rejects.write(json.dumps({"record": rejection.record_id, "reason": rejection.reason}) + "\n")

        writer = GraphWriter(graph, model, provenance, on_reject=on_reject)
        try:
            for count, record in enumerate(records, start=1):
                writer.add(record)
                if count % PROGRESS_EVERY == 0:
                    progress.advance(task, PROGRESS_EVERY)
            writer.flush()
        finally:
            writer.close()
        progress.update(task, completed=writer.report.read)
    if not writer.report.rejected:
        rejects_path.unlink(missing_ok=True)
    return writer.report


def rejects_file(home: Path, dataset: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return home / "rejects" / f"{dataset}-{stamp}.jsonl"


class _RateColumn(ProgressColumn):
    """Records per second, which rich's built-in columns only show for bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rec/s" if speed else "… rec/s")


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        disable=not enabled,
    )
