"""Turn records into validated row batches: pure Python, no database.

Rows are buffered per node label and per relationship signature; a full buffer becomes a batch. Node
batches of a signature's endpoint labels are always emitted before its relationship batch, and an
element appears once per batch (so MERGE counts stay exact). Runs in the ingest process or, for big
sources, in a worker process of its own (see ``parallel.py``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from chokepoint.errors import InvalidRecord, NotFound
from chokepoint.graph.statements import merge_rules
from chokepoint.ingest.records import NodeRecord, NodeRef, Record, RejectedRecord
from chokepoint.schema import DomainModel, PropertySpec
from chokepoint.schema.validation import validate_properties

Row = dict[str, Any]
Signature = tuple[str, str, str]  # relationship type, source label, target label
# Provenance the same for every record of a source: validated once, sent once per batch.
BATCH_PROVENANCE = frozenset(
    {"sourceDataset", "sourceFile", "sourcePublished", "agency", "caveat", "synthetic"}
)
# Not given per record: batch provenance, and the stamps the MERGE template writes itself.
NOT_PER_RECORD = BATCH_PROVENANCE | {
    "sourceFileSha256",  # shown by reads, never stored: a file's hash lives on its SourceFile node
    "ingestedAt",
    "firstSeenAt",
    "sourceRecords",
    "sourceRecordId",
    "sourceRecordMarkings",
    "sourceRecordsMarking",
    "markings",
}


@dataclass(frozen=True)
class Rejection:
    record_id: str
    reason: str


@dataclass(frozen=True)
class NodeBatch:
    label: str
    rows: list[Row]


@dataclass(frozen=True)
class RelationshipBatch:
    signature: Signature
    rows: list[Row]


Event = NodeBatch | RelationshipBatch | Rejection


class RowBatcher:
    """Validates records against the schema and groups them into batches."""

    def __init__(self, model: DomainModel, batch_size: int = 10000) -> None:
        self._model = model
        self._batch_size = batch_size
        self._specs: dict[str, dict[str, PropertySpec]] = {}
        self._nodes: dict[str, list[Row]] = defaultdict(list)
        self._rels: dict[Signature, list[Row]] = defaultdict(list)
        self._buffered: dict[object, dict[object, Row]] = {}  # per batch: element -> its buffered row
        self._out: list[Event] = []
        self.read = 0
        self.repeated = 0  # records folded into an identical one already in their batch

    def add(self, record: Record) -> list[Event]:
        """Take one record; return the batches and rejections it completes."""
        self.read += 1
        if isinstance(record, RejectedRecord):
            self._out.append(Rejection(record.record_id, record.reason))
        else:
            try:
                if isinstance(record, NodeRecord):
                    self._add_node(record)
                else:
                    self._add_relationship(record.type, record.source, record.target, record)
            except (InvalidRecord, NotFound) as exc:
                self._out.append(Rejection(record.record_id, str(exc)))
        return self._take()

    def finish(self) -> list[Event]:
        """Everything still buffered: all node batches, then all relationship batches."""
        for label in list(self._nodes):
            self._flush_label(label)
        for signature in list(self._rels):
            self._flush_relationships(signature)
        return self._take()

    def node_id(self, ref: NodeRef) -> str:
        if "id" in ref.identity:
            return str(ref.identity["id"])
        spec = self._model.node(ref.label)
        missing = [key for key in spec.identity if ref.identity.get(key) in (None, "")]
        if missing:
            raise InvalidRecord(f"reference to {ref.label} lacks identity key(s) {', '.join(missing)}")
        return self._model.node_id(ref.label, ref.identity)

    def _take(self) -> list[Event]:
        out, self._out = self._out, []
        return out

    def _record_specs(self, kind: str, properties: dict[str, PropertySpec]) -> dict[str, PropertySpec]:
        """A type's properties less those set per batch or by the MERGE template itself."""
        if kind not in self._specs:
            self._specs[kind] = {
                k: v for k, v in properties.items() if k not in NOT_PER_RECORD and not v.internal
            }
        return self._specs[kind]

    def _add_node(self, record: NodeRecord) -> None:
        specs = self._record_specs(record.label, self._model.node_properties(record.label))
        raw = dict(record.props)
        if "id" not in raw or raw["id"] in (None, ""):
            raw["id"] = self.node_id(NodeRef(record.label, raw))
        props = validate_properties(f"{record.label} record {record.record_id!r}", specs, raw)
        row = _row(props, specs, record.record_id)
        claimed = self._claim(record.label, props["id"], row)
        if claimed is not row:
            if claimed == row:
                self.repeated += 1  # the same assertion again (a hub address on every ledger row)
                return
            self._flush_label(record.label)
            self._claim(record.label, props["id"], row)
        self._nodes[record.label].append(row)
        if len(self._nodes[record.label]) >= self._batch_size:
            self._flush_label(record.label)

    def _add_relationship(self, rel_type: str, source: NodeRef, target: NodeRef, record: Any) -> None:
        if not self._model.allows(rel_type, source.label, target.label):
            raise InvalidRecord(
                f"{rel_type} record {record.record_id!r}: the schema does not allow "
                f"{source.label} -[{rel_type}]-> {target.label}"
            )
        specs = self._record_specs(rel_type, self._model.relationship_properties(rel_type))
        props = validate_properties(f"{rel_type} record {record.record_id!r}", specs, record.props)
        row = _row(props, specs, record.record_id)
        row["source"], row["target"] = self.node_id(source), self.node_id(target)
        signature = (rel_type, source.label, target.label)
        identity = self._model.relationship(rel_type).identity
        element = (row["source"], row["target"], *(str(props.get(k)) for k in identity))
        claimed = self._claim(signature, element, row)
        if claimed is not row:
            if claimed == row:
                self.repeated += 1
                return
            self._flush_relationships(signature)
            self._claim(signature, element, row)
        self._rels[signature].append(row)
        if len(self._rels[signature]) >= self._batch_size:
            self._flush_relationships(signature)

    def _claim(self, buffer: object, element: object, row: Row) -> Row:
        """Note ``element`` as buffered in ``buffer`` with ``row``; return the row buffered for it.

        A second, different row for an element already in the batch goes into the next batch, so each
        UNWIND sees an element once and applies the assertions in order; an identical row is dropped.
        """
        claimed = self._buffered.setdefault(buffer, {})
        return claimed.setdefault(element, row)

    def _flush_label(self, label: str) -> None:
        self._buffered.pop(label, None)
        rows = self._nodes.pop(label, [])
        if rows:
            self._out.append(NodeBatch(label, rows))

    def _flush_relationships(self, signature: Signature) -> None:
        self._flush_label(signature[1])  # endpoints first; other labels keep filling their batches
        self._flush_label(signature[2])
        self._buffered.pop(signature, None)
        rows = self._rels.pop(signature, [])
        if rows:
            self._out.append(RelationshipBatch(signature, rows))


def _row(props: Row, specs: dict[str, PropertySpec], record_id: str) -> Row:
    row: Row = {"props": props, "record": record_id}
    for name in [name for name in props if specs[name].merge != "replace"]:
        row.setdefault(specs[name].merge, {})[name] = props.pop(name)
    for rule in merge_rules(specs):
        row.setdefault(rule, {})  # the template reads every rule map its type declares
    return row
