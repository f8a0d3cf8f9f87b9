"""Validate records against the schema and MERGE them into Neo4j in batches, idempotently.

Nodes are always flushed before relationships, so a relationship can name a node that arrived
earlier in the same run. A record that breaks the schema is rejected with its reason; the rest load.
Batches are written by one background thread, in submission order, while the caller goes on parsing
and validating: the database and Python work at the same time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from chokepoint.errors import InvalidRecord, NotFound
from chokepoint.graph import Graph, WriteCounts
from chokepoint.graph.statements import merge_nodes, merge_relationships, merge_rules
from chokepoint.ingest.records import (
    NodeRecord,
    NodeRef,
    Provenance,
    Record,
    RejectedRecord,
    RelationshipRecord,
)
from chokepoint.schema import DomainModel, PropertySpec
from chokepoint.schema.validation import validate_properties

Row = dict[str, Any]
MAX_PENDING_BATCHES = 3  # bounds memory: parsing waits when the database falls this far behind
# Provenance the same for every record of a source: validated once, sent once per batch.
BATCH_PROVENANCE = frozenset(
    {"sourceDataset", "sourceFileSha256", "sourcePublished", "agency", "caveat", "synthetic"}
)
# Not given per record: batch provenance, and the stamps the MERGE template writes itself.
NOT_PER_RECORD = BATCH_PROVENANCE | {"ingestedAt", "firstSeenAt", "sourceRecords", "sourceRecordId"}


@dataclass(frozen=True)
class Rejection:
    record_id: str
    reason: str


@dataclass
class IngestReport:
    """Totals of one ingest run."""

    read: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    rejected: list[Rejection] = field(default_factory=list)


class GraphWriter:
    """Buffers validated rows per node label / relationship signature and writes them in batches."""

    def __init__(
        self,
        graph: Graph,
        model: DomainModel,
        provenance: Provenance,
        batch_size: int = 5000,
        on_reject: Callable[[Rejection], None] | None = None,
    ) -> None:
        self._graph = graph
        self._model = model
        self._provenance = provenance
        self._batch_size = batch_size
        self._on_reject = on_reject
        self._batch_params = {
            "provenance": self._source_provenance(),
            "ingestedAt": dt.datetime.now(dt.UTC),
            "dataset": provenance.dataset,
        }
        self._specs: dict[str, dict[str, PropertySpec]] = {}
        self._nodes: dict[str, list[Row]] = defaultdict(list)
        self._rels: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        self._buffered: dict[object, set[object]] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer")
        self._pending: deque[Future[None]] = deque()
        self.report = IngestReport()

    def write_all(self, records: Iterable[Record]) -> IngestReport:
        try:
            for record in records:
                self.add(record)
            self.flush()
        finally:
            self.close()
        return self.report

    def close(self) -> None:
        """Stop the background writer (after ``flush``, nothing is pending)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def add(self, record: Record) -> None:
        self.report.read += 1
        if isinstance(record, RejectedRecord):
            self.reject(record.record_id, record.reason)
            return
        try:
            if isinstance(record, NodeRecord):
                self._add_node(record)
            else:
                self._add_relationship(record)
        except (InvalidRecord, NotFound) as exc:
            self.reject(record.record_id, str(exc))

    def reject(self, record_id: str, reason: str) -> None:
        rejection = Rejection(record_id, reason)
        self.report.rejected.append(rejection)
        if self._on_reject is not None:
            self._on_reject(rejection)

    def flush(self) -> None:
        """Write every buffered row and wait until the database has it all."""
        self._flush_nodes()
        for signature in list(self._rels):
            self._flush_relationships(signature)
        while self._pending:
            self._pending.popleft().result()

    def _source_provenance(self) -> Row:
        """The provenance every row of this source shares, validated once (sent once per batch)."""
        specs = {k: v for k, v in self._model.common.provenance.items() if k in BATCH_PROVENANCE}
        raw = {k: v for k, v in self._provenance.properties("").items() if k in BATCH_PROVENANCE}
        return validate_properties(f"provenance of {self._provenance.dataset}", specs, raw)

    def _record_specs(self, kind: str, properties: dict[str, PropertySpec]) -> dict[str, PropertySpec]:
        """A type's properties less those set per batch or by the MERGE template itself."""
        if kind not in self._specs:
            self._specs[kind] = {k: v for k, v in properties.items() if k not in NOT_PER_RECORD}
        return self._specs[kind]

    def node_id(self, ref: NodeRef) -> str:
        if "id" in ref.identity:
            return str(ref.identity["id"])
        spec = self._model.node(ref.label)
        missing = [key for key in spec.identity if ref.identity.get(key) in (None, "")]
        if missing:
            raise InvalidRecord(f"reference to {ref.label} lacks identity key(s) {', '.join(missing)}")
        return self._model.node_id(ref.label, ref.identity)

    def _add_node(self, record: NodeRecord) -> None:
        specs = self._record_specs(record.label, self._model.node_properties(record.label))
        raw = dict(record.props)
        if "id" not in raw or raw["id"] in (None, ""):
            raw["id"] = self.node_id(NodeRef(record.label, raw))
        props = validate_properties(f"{record.label} record {record.record_id!r}", specs, raw)
        if not self._claim(record.label, props["id"]):
            self._flush_label(record.label)  # one element once per batch: MERGE counts stay exact
            self._claim(record.label, props["id"])
        self._nodes[record.label].append(self._row(props, specs, record.record_id))
        if len(self._nodes[record.label]) >= self._batch_size:
            self._flush_label(record.label)

    def _add_relationship(self, record: RelationshipRecord) -> None:
        source, target = record.source, record.target
        if not self._model.allows(record.type, source.label, target.label):
            raise InvalidRecord(
                f"{record.type} record {record.record_id!r}: the schema does not allow "
                f"{source.label} -[{record.type}]-> {target.label}"
            )
        specs = self._record_specs(record.type, self._model.relationship_properties(record.type))
        props = validate_properties(f"{record.type} record {record.record_id!r}", specs, record.props)
        row = self._row(props, specs, record.record_id)
        row["source"], row["target"] = self.node_id(source), self.node_id(target)
        signature = (record.type, source.label, target.label)
        identity = self._model.relationship(record.type).identity
        element = (record.type, row["source"], row["target"], *(str(props.get(k)) for k in identity))
        if not self._claim(signature, element):
            self._flush_label(source.label)
            self._flush_label(target.label)
            self._flush_relationships(signature)
            self._claim(signature, element)
        self._rels[signature].append(row)
        if len(self._rels[signature]) >= self._batch_size:
            self._flush_label(source.label)  # endpoints first; other labels keep filling their batches
            self._flush_label(target.label)
            self._flush_relationships(signature)

    @staticmethod
    def _row(props: Row, specs: dict[str, PropertySpec], record_id: str) -> Row:
        row: Row = {"props": props, "record": record_id}
        for name in [name for name in props if specs[name].merge != "replace"]:
            row.setdefault(specs[name].merge, {})[name] = props.pop(name)
        for rule in merge_rules(specs):
            row.setdefault(rule, {})  # the template reads every rule map its type declares
        return row

    def _flush_nodes(self) -> None:
        for label in list(self._nodes):
            self._flush_label(label)

    def _claim(self, buffer: object, element: object) -> bool:
        """Note ``element`` as buffered in ``buffer``; False when it is there already."""
        claimed = self._buffered.setdefault(buffer, set())
        if element in claimed:
            return False
        claimed.add(element)
        return True

    def _flush_label(self, label: str) -> None:
        self._buffered.pop(label, None)
        rows = self._nodes.pop(label, [])
        if rows:
            self._submit(self._send, merge_nodes(self._model, label), rows)

    def _flush_relationships(self, signature: tuple[str, str, str]) -> None:
        self._buffered.pop(signature, None)
        rows = self._rels.pop(signature, [])
        if rows:
            self._submit(self._write_relationships, signature, rows)

    def _submit(self, task: Callable[..., Any], *args: Any) -> None:
        self._pending.append(self._pool.submit(task, *args))
        while len(self._pending) > MAX_PENDING_BATCHES:
            self._pending.popleft().result()  # re-raises a failed write here, in the caller

    def _write_relationships(self, signature: tuple[str, str, str], rows: list[Row]) -> None:
        counts = self._send(merge_relationships(self._model, *signature), rows)
        if counts.unmatched:
            self._report_unmatched(signature, rows)

    def _send(self, query: Any, rows: list[Row]) -> WriteCounts:
        total = WriteCounts()
        for _, counts in self._graph.write_batches(query, rows, self._batch_size, **self._batch_params):
            total.add(counts)
        self.report.counts.created += total.created
        self.report.counts.updated += total.updated
        self.report.counts.unchanged += total.unchanged
        return total

    def _report_unmatched(self, signature: tuple[str, str, str], rows: list[Row]) -> None:
        from chokepoint.graph.queries import load_query

        rel_type, source_label, target_label = signature
        ids = sorted({row["source"] for row in rows} | {row["target"] for row in rows})
        found = {r["id"] for r in self._graph.read(load_query("match_existing_ids"), ids=ids)}
        for row in rows:
            absent = [node for node in (row["source"], row["target"]) if node not in found]
            if absent:
                record_id = row["record"]
                self.reject(
                    record_id,
                    f"{rel_type} {source_label}->{target_label}: no node with "
                    f"id {', '.join(map(repr, absent))}",
                )
