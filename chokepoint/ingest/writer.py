"""Validate records against the schema and MERGE them into Neo4j in batches, idempotently.

Nodes are always flushed before relationships, so a relationship can name a node that arrived
earlier in the same run. A record that breaks the schema is rejected with its reason; the rest load.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from chokepoint.errors import InvalidRecord, NotFound
from chokepoint.graph import Graph, WriteCounts
from chokepoint.graph.statements import merge_nodes, merge_relationships
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, Record, RelationshipRecord
from chokepoint.schema import DomainModel
from chokepoint.schema.validation import validate_node, validate_relationship

Row = dict[str, Any]
WRITE_TIME_STAMPS = ("ingestedAt", "firstSeenAt", "sourceRecords")


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
        self._ingested_at = dt.datetime.now(dt.UTC)
        self._nodes: dict[str, list[Row]] = defaultdict(list)
        self._rels: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        self.report = IngestReport()

    def write_all(self, records: Iterable[Record]) -> IngestReport:
        for record in records:
            self.add(record)
        self.flush()
        return self.report

    def add(self, record: Record) -> None:
        self.report.read += 1
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
        self._flush_nodes()
        for signature in list(self._rels):
            self._flush_relationships(signature)

    def _stamped(self, record_id: str) -> Row:
        return {**self._provenance.properties(record_id), "ingestedAt": self._ingested_at}

    def node_id(self, ref: NodeRef) -> str:
        if "id" in ref.identity:
            return str(ref.identity["id"])
        spec = self._model.node(ref.label)
        missing = [key for key in spec.identity if ref.identity.get(key) in (None, "")]
        if missing:
            raise InvalidRecord(f"reference to {ref.label} lacks identity key(s) {', '.join(missing)}")
        return self._model.node_id(ref.label, ref.identity)

    def _add_node(self, record: NodeRecord) -> None:
        spec = self._model.node(record.label)
        raw = {**record.props, **self._stamped(record.record_id)}
        if "id" not in raw or raw["id"] in (None, ""):
            raw["id"] = self.node_id(NodeRef(record.label, raw))
        props = self._validated(validate_node(self._model, record.label, record.record_id, raw))
        key = {name: props[name] for name in spec.identity}
        self._nodes[record.label].append(self._row(key, props, record.record_id))
        if len(self._nodes[record.label]) >= self._batch_size:
            self._flush_label(record.label)

    def _add_relationship(self, record: RelationshipRecord) -> None:
        source, target = record.source, record.target
        if not self._model.allows(record.type, source.label, target.label):
            raise InvalidRecord(
                f"{record.type} record {record.record_id!r}: the schema does not allow "
                f"{source.label} -[{record.type}]-> {target.label}"
            )
        raw = {**record.props, **self._stamped(record.record_id)}
        props = self._validated(validate_relationship(self._model, record.type, record.record_id, raw))
        spec = self._model.relationship(record.type)
        row = self._row({k: props[k] for k in spec.identity}, props, record.record_id)
        row["source"], row["target"] = self.node_id(source), self.node_id(target)
        signature = (record.type, source.label, target.label)
        self._rels[signature].append(row)
        if len(self._rels[signature]) >= self._batch_size:
            self._flush_nodes()
            self._flush_relationships(signature)

    @staticmethod
    def _validated(props: Row) -> Row:
        """Drop the write-time stamps: the MERGE template sets them, only when something changed."""
        for stamp in WRITE_TIME_STAMPS:
            props.pop(stamp, None)
        return props

    def _row(self, key: Row, props: Row, record_id: str) -> Row:
        return {
            "key": key,
            "props": props,
            "ingestedAt": self._ingested_at,
            "sourceRecord": f"{self._provenance.dataset}:{record_id}",
        }

    def _flush_nodes(self) -> None:
        for label in list(self._nodes):
            self._flush_label(label)

    def _flush_label(self, label: str) -> None:
        rows = self._nodes.pop(label, [])
        if rows:
            self._send(merge_nodes(self._model, label), rows)

    def _flush_relationships(self, signature: tuple[str, str, str]) -> None:
        rows = self._rels.pop(signature, [])
        if not rows:
            return
        counts = self._send(merge_relationships(self._model, *signature), rows)
        if counts.unmatched:
            self._report_unmatched(signature, rows)

    def _send(self, query: Any, rows: list[Row]) -> WriteCounts:
        total = WriteCounts()
        for _, counts in self._graph.write_batches(query, rows, self._batch_size):
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
                record_id = row["sourceRecord"].split(":", 1)[1]
                self.reject(
                    record_id,
                    f"{rel_type} {source_label}->{target_label}: no node with "
                    f"id {', '.join(map(repr, absent))}",
                )
