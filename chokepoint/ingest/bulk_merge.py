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

from chokepoint.ingest.batcher import NodeBatch, Rejection, RelationshipBatch, Row, RowBatcher
from chokepoint.ingest.records import Provenance, Record
from chokepoint.ingest.writer import batch_parameters
from chokepoint.schema import DomainModel

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

    def add_records(self, provenance: Provenance, records: Iterable[Record]) -> list[Rejection]:
        """Validate and batch ``records`` as an ingest would, and fold them in; return rejections."""
        params = batch_parameters(self._model, provenance)
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
                _merge(node, row, params)
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
            _merge(rel, row, params)

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

    def _take(self, events: list[Any], params: dict[str, Any]) -> None:
        for event in events:
            if isinstance(event, Rejection):
                self.rejected.append(event)
            else:
                self.add_batch(event, params)

    def _reject(self, row: Row, reason: str) -> None:
        self.rejected.append(Rejection(str(row["record"]), reason))


def _merge(x: Element, row: Row, params: dict[str, Any]) -> None:
    """The MERGE template's SET, in Python: same change test, same stamps, same rules."""
    stored = x.props
    provenance: dict[str, Any] = params["provenance"]
    created = "ingestedAt" not in stored
    source_record = f"{params['dataset']}:{row['record']}"
    published, stored_published = provenance.get("sourcePublished"), stored.get("sourcePublished")
    fresh = published is None or stored_published is None or published >= stored_published
    changed = fresh and any(stored.get(k) != v for k, v in row["props"].items())
    changed = changed or _rules_change(stored, row)
    known = stored.get("sourceRecords", [])
    new_source = source_record not in known
    if created:
        stored["firstSeenAt"] = params["ingestedAt"]
    if not (created or changed or new_source):
        return
    if fresh:
        stored.update(row["props"])
        if created or changed:
            stored.update(provenance)
    stored["ingestedAt"] = params["ingestedAt"]
    stored["sourceRecordId"] = row["record"]
    _apply_rules(stored, row)
    if new_source:
        stored["sourceRecords"] = [*known, source_record]
        stored["sourceRecordMarkings"] = [*stored.get("sourceRecordMarkings", []), params["marking"]]
        if params["visibility"] not in stored.get("markings", []):
            stored["markings"] = [*stored.get("markings", []), params["visibility"]]


def _rules_change(stored: dict[str, Any], row: Row) -> bool:
    earliest = any(stored.get(k) is None or v < stored[k] for k, v in row.get("earliest", {}).items())
    latest = any(stored.get(k) is None or v > stored[k] for k, v in row.get("latest", {}).items())
    union = any(
        any(item not in stored.get(k, []) for item in values) for k, values in row.get("union", {}).items()
    )
    return earliest or latest or union


def _apply_rules(stored: dict[str, Any], row: Row) -> None:
    for k, v in row.get("earliest", {}).items():
        if stored.get(k) is None or v < stored[k]:
            stored[k] = v
    for k, v in row.get("latest", {}).items():
        if stored.get(k) is None or v > stored[k]:
            stored[k] = v
    for k, values in row.get("union", {}).items():
        current = list(stored.get(k, []))
        stored[k] = current + [item for item in values if item not in current]
