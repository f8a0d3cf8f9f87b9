"""Write validated batches into Neo4j with the schema's MERGE templates, idempotently.

``BatchSender`` writes the batches a :class:`RowBatcher` produces; ``GraphWriter`` runs both in this
process, the sender on one background thread (in submission order) so the database works while the
caller goes on reading records.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from chokepoint.graph import Graph, WriteCounts
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.statements import merge_nodes, merge_relationships
from chokepoint.ingest.batcher import (
    BATCH_PROVENANCE,
    Event,
    NodeBatch,
    Rejection,
    RelationshipBatch,
    Row,
    RowBatcher,
    Signature,
)
from chokepoint.ingest.records import Provenance, Record
from chokepoint.markings import marking, visibility
from chokepoint.schema import DomainModel
from chokepoint.schema.validation import validate_properties
from chokepoint.values.log import seq_of

MAX_PENDING_BATCHES = 8  # bounds memory: reading waits when the database falls this far behind

__all__ = ["AssertionListener", "BatchSender", "GraphWriter", "IngestReport", "Rejection"]


class AssertionListener(Protocol):
    """Hears, after each batch commits, the rows whose record newly asserted their element (a new
    source record; re-reading a file asserts nothing new): what watches fire on
    (:mod:`chokepoint.alerts`). Called on the writer's thread, in submission order."""

    def asserted(self, batch: NodeBatch | RelationshipBatch, rows: list[Row]) -> None: ...


@dataclass
class IngestReport:
    """Totals of one ingest run. They reconcile: every record read is rejected, repeated (an
    identical assertion already in its batch, folded into it) or written (created, updated or
    unchanged), so ``read == len(rejected) + repeated + created + updated + unchanged``."""

    read: int = 0
    repeated: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    rejected: list[Rejection] = field(default_factory=list)

    def reconciles(self) -> bool:
        written = self.counts.created + self.counts.updated + self.counts.unchanged
        return self.read == len(self.rejected) + self.repeated + written


def batch_parameters(model: DomainModel, provenance: Provenance) -> dict[str, Any]:
    """What every batch of a source sends besides its rows: provenance (validated once), time, dataset,
    and the marking every assertion of the source carries."""
    specs = {k: v for k, v in model.common.provenance.items() if k in BATCH_PROVENANCE}
    raw = {k: v for k, v in provenance.properties("").items() if k in BATCH_PROVENANCE}
    ingested_at = dt.datetime.now(dt.UTC)
    return {
        "provenance": validate_properties(f"provenance of {provenance.dataset}", specs, raw),
        "ingestedAt": ingested_at,
        "seq": str(seq_of(ingested_at)),  # the write's place in the value log
        "dataset": provenance.dataset,
        "marking": marking(provenance.agency, provenance.caveat),
        "visibility": visibility(provenance.agency, provenance.caveat),
    }


class BatchSender:
    """Writes node and relationship batches; names the records whose endpoints do not exist."""

    def __init__(
        self,
        graph: Graph,
        model: DomainModel,
        provenance: Provenance,
        report: IngestReport,
        on_reject: Callable[[Rejection], None] | None = None,
        listener: AssertionListener | None = None,
    ) -> None:
        self._graph = graph
        self._model = model
        self._params = batch_parameters(model, provenance)
        self._listener = listener
        self._file_to_record = provenance.file_sha256  # written with the first batch, not before
        self._report = report
        self._on_reject = on_reject
        self._queries: dict[object, CypherQuery] = {}

    def reject(self, rejection: Rejection) -> None:
        self._report.rejected.append(rejection)
        if self._on_reject is not None:
            self._on_reject(rejection)

    def send(self, batch: NodeBatch | RelationshipBatch) -> None:
        if self._file_to_record:
            self._graph.record_source_file(self._file_to_record)
            self._file_to_record = None
        if self._listener is not None:
            for n, row in enumerate(batch.rows):
                row["n"] = n  # the template names the rows that asserted something new by it
        if isinstance(batch, NodeBatch):
            counts = self._write(self._query(batch.label), batch.rows)
        else:
            counts = self._write(self._query(batch.signature), batch.rows)
            if counts.unmatched:
                self._report_unmatched(batch.signature, batch.rows)
        if self._listener is not None and counts.asserted:
            self._listener.asserted(batch, [batch.rows[n] for n in counts.asserted])

    def _query(self, key: str | Signature) -> CypherQuery:
        if key not in self._queries:
            if isinstance(key, str):
                self._queries[key] = merge_nodes(self._model, key)
            else:
                self._queries[key] = merge_relationships(self._model, *key)
        return self._queries[key]

    def _write(self, query: CypherQuery, rows: list[Row]) -> WriteCounts:
        total = WriteCounts()
        for _, counts in self._graph.write_batches(query, rows, len(rows), **self._params):
            total.add(counts)
        self._report.counts.created += total.created
        self._report.counts.updated += total.updated
        self._report.counts.unchanged += total.unchanged
        return total

    def _report_unmatched(self, signature: Signature, rows: list[Row]) -> None:
        rel_type, source_label, target_label = signature
        ids = sorted({row["source"] for row in rows} | {row["target"] for row in rows})
        found = {r["id"] for r in self._graph.read(load_query("match_existing_ids"), ids=ids)}
        for row in rows:
            absent = [node for node in (row["source"], row["target"]) if node not in found]
            if absent:
                names = ", ".join(map(repr, absent))
                self.reject(
                    Rejection(
                        row["record"], f"{rel_type} {source_label}->{target_label}: no node with id {names}"
                    )
                )


class GraphWriter:
    """Validates, batches and writes records in this process (the sender on a background thread)."""

    def __init__(
        self,
        graph: Graph,
        model: DomainModel,
        provenance: Provenance,
        batch_size: int = 10000,
        on_reject: Callable[[Rejection], None] | None = None,
        listener: AssertionListener | None = None,
    ) -> None:
        self.report = IngestReport()
        self._batcher = RowBatcher(model, batch_size)
        self._sender = BatchSender(graph, model, provenance, self.report, on_reject, listener)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer")
        self._pending: deque[Future[None]] = deque()

    def write_all(self, records: Iterable[Record]) -> IngestReport:
        try:
            for record in records:
                self.add(record)
            self.flush()
        finally:
            self.close()
        return self.report

    def add(self, record: Record) -> None:
        self.dispatch(self._batcher.add(record))
        self.report.read = self._batcher.read
        self.report.repeated = self._batcher.repeated

    def flush(self) -> None:
        """Write every buffered row and wait until the database has it all."""
        self.dispatch(self._batcher.finish())
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        """Stop the background writer (after ``flush``, nothing is pending)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def dispatch(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, Rejection):
                self._sender.reject(event)
                continue
            self._pending.append(self._pool.submit(self._sender.send, event))
            while len(self._pending) > MAX_PENDING_BATCHES:
                self._pending.popleft().result()  # re-raises a failed write here, in the caller
