"""Run one ingest: records through the writer, with progress, a rejects file and a summary."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

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
from chokepoint.ingest.parallel import ingest_in_worker
from chokepoint.ingest.records import Provenance, Record
from chokepoint.ingest.source import ParsedSource
from chokepoint.ingest.writer import GraphWriter, IngestReport, Rejection
from chokepoint.schema import DomainModel

PROGRESS_EVERY = 1000  # redrawing per record would cost more than the ingest


def ingest_source(
    graph: Graph, model: DomainModel, source: ParsedSource, rejects_path: Path, show_progress: bool = True
) -> IngestReport:
    """Write a parsed source, then run its final step (e.g. marking delisted entries).

    Sources marked for a worker process are read there, so parsing overlaps the database writes.
    """
    if source.prepare is not None:
        source.prepare(graph)
    if source.worker is not None and model.source_dir is not None:
        source.close()
        report = _ingest_in_worker(graph, model, source, rejects_path, show_progress)
    else:
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
        writer = GraphWriter(graph, model, provenance, on_reject=_rejection_writer(progress, rejects))
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


def _ingest_in_worker(
    graph: Graph, model: DomainModel, source: ParsedSource, rejects_path: Path, show_progress: bool
) -> IngestReport:
    assert source.worker is not None and model.source_dir is not None
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    with rejects_path.open("w", encoding="utf-8") as rejects, _progress(show_progress) as progress:
        task = progress.add_task(source.provenance.dataset, total=source.total)
        report = ingest_in_worker(
            graph, model, model.source_dir, source.worker, source.provenance,
            on_reject=_rejection_writer(progress, rejects),
            on_progress=lambda read: progress.update(task, completed=read),
        )  # fmt: skip
    if not report.rejected:
        rejects_path.unlink(missing_ok=True)
    return report


def _rejection_writer(progress: Progress, rejects: TextIO) -> Callable[[Rejection], None]:
    def on_reject(rejection: Rejection) -> None:
        progress.console.print(f"[yellow]rejected[/] {rejection.record_id}: {rejection.reason}")
        rejects.write(json.dumps({"record": rejection.record_id, "reason": rejection.reason}) + "\n")

    return on_reject


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
