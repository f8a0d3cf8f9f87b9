"""The graph an ingest would write, folded in memory: the bulk-import twin of the MERGE template.

``neo4j-admin database import`` writes each node and relationship exactly once, so rows that assert
the same element (the batcher emits one per record) are combined here first, by the same rules the
MERGE template applies in Neo4j (``statements._CHANGE_AND_COUNT``): replace values only from a source
not older than the one that wrote the element, widen earliest/latest, union lists, stamp provenance,
``ingestedAt`` and ``sourceRecordId`` only with a change, and list every assertion in
``sourceRecords``. Everything is held in memory: meant for an initial load, not for streaming.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chokepoint.graph.source_files import file_key
from chokepoint.ingest.batcher import NodeBatch, Rejection, RelationshipBatch, Row, RowBatcher
from chokepoint.ingest.records import Provenance, Record
from chokepoint.ingest.writer import batch_parameters
from chokepoint.schema import DomainModel
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.fold import assess, fold
from chokepoint.values.log import LOGGED_PROVENANCE, SEPARATOR, logged_properties, seq_of, statements_of
from chokepoint.values.log import PROPERTY as VALUE_LOG

RULES = ("earliest", "latest", "union")
ElementKey = tuple[object, ...]


@dataclass
class Element:
    """One node or relationship: its label or type, endpoints (relationships) and properties."""

    kind: str
    props: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    target: str | None = None
    endpoint_labels: tuple[str, str] | None = None


class BulkGraph:
    """Collects validated batches from any number of sources into one graph, element by element."""

    def __init__(self, model: DomainModel) -> None:
        self._model = model
        self.nodes: dict[str, Element] = {}  # by global id
        self.relationships: dict[ElementKey, Element] = {}
        self.rejected: list[Rejection] = []
        self.read = 0
        self.files: dict[int, str] = {}  # key → SHA-256 of every file read: their SourceFile nodes
        self._logged_by_kind: dict[str, dict[str, PropertySpec]] = {}

    def add_records(self, provenance: Provenance, records: Iterable[Record]) -> list[Rejection]:
        """Validate and batch ``records`` as an ingest would, and fold them in; return rejections."""
        params = batch_parameters(self._model, provenance)
        if provenance.file_sha256:
            self.files[file_key(provenance.file_sha256)] = provenance.file_sha256
        batcher = RowBatcher(self._model)
        before = len(self.rejected)
        for record in records:
            self._take(batcher.add(record), params)
        self._take(batcher.finish(), params)
        self.read += batcher.read
        return self.rejected[before:]

    def add_batch(self, batch: NodeBatch | RelationshipBatch, params: dict[str, Any]) -> None:
        """Fold one batch; ``params`` as ``writer.batch_parameters`` makes them for its source."""
        if isinstance(batch, NodeBatch):
            for row in batch.rows:
                node = self.nodes.get(row["props"]["id"])
                if node is None:
                    node = self.nodes[row["props"]["id"]] = Element(batch.label)
                elif node.kind != batch.label:  # MERGE on another label would hit Entity.id
                    self._reject(row, f"id {row['props']['id']!r} is already a {node.kind}")
                    continue
                _merge(node, row, params, self._logged(batch.label))
            return
        rel_type, source_label, target_label = batch.signature
        identity = self._model.relationship(rel_type).identity
        for row in batch.rows:
            values = {**row["props"], **{k: v for rule in RULES for k, v in row.get(rule, {}).items()}}
            key = (rel_type, row["source"], row["target"], *(values.get(k) for k in identity))
            rel = self.relationships.get(key)
            if rel is None:
                rel = Element(rel_type, source=row["source"], target=row["target"])
                rel.endpoint_labels = (source_label, target_label)
                self.relationships[key] = rel
            _merge(rel, row, params, self._logged(rel_type))

    def complete_relationships(self) -> Iterator[Element]:
        """Relationships whose endpoints exist with the labels they were matched by.

        The others are rejected, naming the missing id, as the ingest path does.
        """
        for rel in self.relationships.values():
            assert rel.source is not None and rel.target is not None and rel.endpoint_labels
            absent = [
                node_id
                for node_id, label in zip((rel.source, rel.target), rel.endpoint_labels, strict=True)
                if node_id not in self.nodes or self.nodes[node_id].kind != label
            ]
            if absent:
                names = ", ".join(map(repr, absent))
                source_label, target_label = rel.endpoint_labels
                reason = f"{rel.kind} {source_label}->{target_label}: no node with id {names}"
                self.rejected.append(Rejection(str(rel.props.get("sourceRecordId", "?")), reason))
                continue
            yield rel

    def _logged(self, kind: str) -> dict[str, PropertySpec]:
        if kind not in self._logged_by_kind:
            spec = self._model.nodes.get(kind) or self._model.relationship(kind)
            self._logged_by_kind[kind] = logged_properties(spec.properties, spec.identity)
        return self._logged_by_kind[kind]

    def _take(self, events: list[Any], params: dict[str, Any]) -> None:
        for event in events:
            if isinstance(event, Rejection):
                self.rejected.append(event)
            else:
                self.add_batch(event, params)

    def _reject(self, row: Row, reason: str) -> None:
        self.rejected.append(Rejection(str(row["record"]), reason))


def _merge(x: Element, row: Row, params: dict[str, Any], logged: dict[str, PropertySpec]) -> None:
    """The MERGE template's SET, in Python: same change test, same stamps, same rules, same value log."""
    stored = x.props
    before = list(stored.get("markings", []))
    statements = _log(stored, row, params, before, logged)
    fold(stored, row, params)
    if statements:
        stored[VALUE_LOG] = [*stored.get(VALUE_LOG, []), *statements]


def _log(
    stored: dict[str, Any],
    row: Row,
    params: dict[str, Any],
    before: list[str],
    logged: dict[str, PropertySpec],
) -> list[str]:
    """What the template appends to the value log for this row (``statements._VALUE_LOG``)."""
    grant = params["visibility"]
    joining = bool(before) and grant not in before
    out: list[str] = []
    if joining and len(before) == 1:
        seed = {name: stored.get(name) for name in (*logged, *LOGGED_PROVENANCE)}
        seq = seq_of(stored["ingestedAt"]) if "ingestedAt" in stored else 0
        out += statements_of(before[0], seq, stored.get("sourcePublished"), seed)
    if not (joining or len(before) > 1):
        return out
    provenance: dict[str, Any] = params["provenance"]
    values = {**row["props"], **{k: v for rule in RULES for k, v in row.get(rule, {}).items()}}
    own = {name: values.get(name) for name in logged} | {
        name: provenance.get(name) for name in LOGGED_PROVENANCE
    }
    mine = statements_of(grant, int(params["seq"]), provenance.get("sourcePublished"), own)
    tails = [text.split(SEPARATOR, 3)[3] for text in mine]
    known = {
        text.split(SEPARATOR, 3)[3]
        for text in stored.get(VALUE_LOG, [])
        if text.startswith(grant + SEPARATOR)
    }
    _, changed, new_source = assess(stored, row, params)
    if changed or new_source or any(tail not in known for tail in tails):
        out += mine
    return out
