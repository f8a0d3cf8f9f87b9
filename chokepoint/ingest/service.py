"""Run one ingest: records through the writer, with a rejects file, reporting to an observer.

The service draws nothing: whoever runs it (the CLI's progress bar, a test, a benchmark) passes an
:class:`IngestObserver` that hears when the ingest starts, how far it has read, each rejection, and
when it stops.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, TextIO

from chokepoint.graph import Graph
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.ingest.parallel import ingest_in_worker
from chokepoint.ingest.records import Provenance, Record
from chokepoint.ingest.source import ParsedSource
from chokepoint.ingest.writer import AssertionListener, GraphWriter, IngestReport, Rejection
from chokepoint.schema import DomainModel

PROGRESS_EVERY = 1000  # telling the observer per record would cost more than the ingest


class IngestObserver(Protocol):
    """What an ingest tells whoever runs it; ``stopped`` comes last, also when the ingest failed."""

    def started(self, dataset: str, total: int | None) -> None: ...

    def progressed(self, read: int) -> None: ...

    def rejected(self, rejection: Rejection) -> None: ...

    def stopped(self, read: int) -> None: ...


class Silent:
    """An observer that ignores everything (tests, benchmarks, other services)."""

    def started(self, dataset: str, total: int | None) -> None:
        pass

    def progressed(self, read: int) -> None:
        pass

    def rejected(self, rejection: Rejection) -> None:
        pass

    def stopped(self, read: int) -> None:
        pass


SILENT = Silent()


def prepare_graph(graph: Graph, model: DomainModel) -> list[str]:
    """Make sure the schema's constraints and indexes exist before any MERGE (idempotent; the names
    that were new). Without them every MERGE scans its label: a first ingest into a database that
    was started but never initialised ran for more than ten minutes instead of twenty seconds."""
    return apply_schema(graph, model)


def ingest_source(
    graph: Graph,
    model: DomainModel,
    source: ParsedSource,
    rejects_path: Path,
    observer: IngestObserver = SILENT,
    listener: AssertionListener | None = None,
) -> IngestReport:
    """Write a parsed source, then run its final step (e.g. marking delisted entries).

    Sources marked for a worker process are read there, so parsing overlaps the database writes.
    ``listener`` hears each batch's new assertions (the watches: :mod:`chokepoint.alerts.service`).
    """
    if source.prepare is not None:
        source.prepare(graph)
    if source.worker is not None and model.source_dir is not None:
        source.close()
        report = _ingest_in_worker(graph, model, source, rejects_path, observer, listener)
    else:
        report = ingest_records(
            graph, model, source.provenance, source.records, rejects_path, source.total, observer, listener
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
    observer: IngestObserver = SILENT,
    listener: AssertionListener | None = None,
) -> IngestReport:
    """Write ``records``; each rejection goes to the observer and to ``rejects_path`` (JSON lines)."""
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    read = 0
    with rejects_path.open("w", encoding="utf-8") as rejects:
        observer.started(provenance.dataset, total)
        writer = GraphWriter(
            graph, model, provenance, on_reject=_rejection_writer(observer, rejects), listener=listener
        )
        try:
            for count, record in enumerate(records, start=1):
                writer.add(record)
                if count % PROGRESS_EVERY == 0:
                    observer.progressed(count)
            writer.flush()
            read = writer.report.read
        finally:
            writer.close()
            observer.stopped(read)
    if not writer.report.rejected and rejects_path.is_file():  # never a device such as /dev/null
        rejects_path.unlink()
    return writer.report


def _ingest_in_worker(
    graph: Graph,
    model: DomainModel,
    source: ParsedSource,
    rejects_path: Path,
    observer: IngestObserver,
    listener: AssertionListener | None,
) -> IngestReport:
    assert source.worker is not None and model.source_dir is not None
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    read = 0

    def progressed(count: int) -> None:
        nonlocal read
        read = count
        observer.progressed(count)

    with rejects_path.open("w", encoding="utf-8") as rejects:
        observer.started(source.provenance.dataset, source.total)
        try:
            report = ingest_in_worker(
                graph,
                model,
                model.source_dir,
                source.worker,
                source.provenance,
                on_reject=_rejection_writer(observer, rejects),
                on_progress=progressed,
                listener=listener,
            )
        finally:
            observer.stopped(read)
    if not report.rejected and rejects_path.is_file():  # never a device such as /dev/null
        rejects_path.unlink()
    return report


def _rejection_writer(observer: IngestObserver, rejects: TextIO) -> Callable[[Rejection], None]:
    def on_reject(rejection: Rejection) -> None:
        observer.rejected(rejection)
        rejects.write(json.dumps({"record": rejection.record_id, "reason": rejection.reason}) + "\n")

    return on_reject


def rejects_file(home: Path, dataset: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return home / "rejects" / f"{dataset}-{stamp}.jsonl"
