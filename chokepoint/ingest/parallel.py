"""Read and validate a big source in a worker process while this process writes to Neo4j.

Parsing and validation are pure Python and hold the GIL, so a thread cannot overlap them with the
database writes; a process can. The worker re-opens the source by name, runs a RowBatcher over its
records and sends the batches through a bounded queue; this process writes them in order.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_errors
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from chokepoint.errors import ChokepointError, InvalidRecord
from chokepoint.graph import Graph
from chokepoint.ingest.batcher import Rejection, RowBatcher
from chokepoint.ingest.records import Provenance
from chokepoint.ingest.source import WorkerSpec
from chokepoint.ingest.writer import AssertionListener, BatchSender, IngestReport
from chokepoint.schema import DomainModel, load_model

QUEUE_BATCHES = 16  # bounds memory: the worker waits when the database falls this far behind
POLL_S = 1.0


def ingest_in_worker(
    graph: Graph,
    model: DomainModel,
    schema_dir: Path,
    spec: WorkerSpec,
    provenance: Provenance,
    on_reject: Callable[[Rejection], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = 10000,
    listener: AssertionListener | None = None,
) -> IngestReport:
    context = multiprocessing.get_context("spawn")
    channel: Queue[tuple[str, Any, Any]] = context.Queue(maxsize=QUEUE_BATCHES)
    received = context.Event()  # the writer has the last item: the worker may exit
    worker = context.Process(
        target=_produce, args=(spec, schema_dir, batch_size, channel, received), daemon=True
    )
    worker.start()
    report = IngestReport()
    sender = BatchSender(graph, model, provenance, report, on_reject, listener)
    try:
        while True:
            kind, read, payload = _next(channel, worker)
            if kind in ("done", "error"):
                received.set()
            if kind == "error":
                raise InvalidRecord(payload)
            report.read, report.repeated = read
            for event in payload:
                if isinstance(event, Rejection):
                    sender.reject(event)
                else:
                    sender.send(event)
            if on_progress is not None:
                on_progress(report.read)
            if kind == "done":
                return report
    finally:
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()


def _next(channel: Queue[tuple[str, Any, Any]], worker: Any) -> tuple[str, Any, Any]:
    while True:
        try:
            return channel.get(timeout=POLL_S)
        except queue_errors.Empty:
            if not worker.is_alive():
                raise InvalidRecord(
                    f"the reader process stopped unexpectedly (exit code {worker.exitcode})"
                ) from None


class _ParentGone(Exception):
    """The writing process is gone (``kill -9``): nobody will read the queue again."""


def _put(channel: Queue[tuple[str, Any, Any]], item: tuple[str, Any, Any]) -> None:
    """``channel.put``, but a worker whose parent died stops instead of reading on, or waiting on a
    full queue forever (an orphan holding its memory: seen after ``kill -9`` of ``chokepoint ingest``).
    The parent is checked before every batch too: while the queue has room, a put still succeeds
    (the worker holds the pipe's read end itself), so only checking on a full queue left the reader
    parsing for as long as the writer had been behind."""
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        raise _ParentGone
    while True:
        try:
            channel.put(item, timeout=POLL_S)
            return
        except queue_errors.Full:
            if parent is not None and not parent.is_alive():
                raise _ParentGone from None


def _wait_until_received(received: Event) -> None:
    """After the last item: exiting joins the queue's feeder thread, which may still be writing
    batches into the pipe, and would block for good if the writer were killed now (an orphan, seen
    after ``kill -9`` of an ingest whose reader had finished). So wait for the writer to take the last
    item, or to die."""
    parent = multiprocessing.parent_process()
    while not received.wait(POLL_S):
        if parent is not None and not parent.is_alive():
            raise _ParentGone


def _produce(
    spec: WorkerSpec,
    schema_dir: Path,
    batch_size: int,
    channel: Queue[tuple[str, Any, Any]],
    received: Event,
) -> None:
    from chokepoint.ingest.registry import opener  # the worker imports the adapters itself

    try:
        try:
            batcher = RowBatcher(load_model(schema_dir), batch_size)
            parsed = opener(spec.source)(spec.path, spec.options)[spec.part]
            for record in parsed.records:
                events = batcher.add(record)
                if events:
                    _put(channel, ("events", (batcher.read, batcher.repeated), events))
            _put(channel, ("done", (batcher.read, batcher.repeated), batcher.finish()))
        except ChokepointError as exc:
            _put(channel, ("error", (0, 0), str(exc)))
        except _ParentGone:
            raise
        except Exception as exc:  # the parent must hear of any failure, not wait forever
            _put(channel, ("error", (0, 0), f"reader process failed: {exc!r}"))
        _wait_until_received(received)
    except _ParentGone:
        channel.cancel_join_thread()  # exit now: what is still buffered has no reader
