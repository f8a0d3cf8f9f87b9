"""What an ingest newly asserted about watched entities, as the writer reports it batch by batch.

The MERGE template names the rows whose record is a new assertion of its element (a new source record;
re-reading a file names none), and :class:`AssertionLog` keeps those that touch a watched entity: a
node assertion of the entity itself, or a relationship with it at one end. Nothing else is kept, so an
ingest of a million rows with ten watched addresses holds a handful of small tuples, not its rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from chokepoint.ingest.batcher import NodeBatch, RelationshipBatch, Row
from chokepoint.schema import DomainModel


@dataclass(frozen=True)
class NodeAssertion:
    """A record newly asserting the watched node ``id``."""

    label: str
    id: str
    record: str


@dataclass(frozen=True)
class LinkAssertion:
    """A record newly asserting a relationship with a watched node at one end (or both)."""

    type: str
    source_label: str
    source: str
    target_label: str
    target: str
    identity: tuple[tuple[str, Any], ...]  # the relationship type's identity keys and their values
    record: str

    def parameter(self) -> dict[str, Any]:
        """How the context query finds the relationship."""
        return {
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "identity": dict(self.identity),
        }


class AssertionLog:
    """The writer's listener (``ingest.writer.AssertionListener``): the new assertions on ``watched``."""

    def __init__(self, model: DomainModel, watched: frozenset[str]) -> None:
        self._identity = {name: spec.identity for name, spec in model.relationships.items()}
        self._watched = watched
        self._lock = threading.Lock()
        self.nodes: list[NodeAssertion] = []
        self.links: list[LinkAssertion] = []
        self.any_asserted = False  # whether the ingest asserted anything new at all
        self.sanctioned: set[str] = set()  # nodes a new record asserted sanctioned (any node, watched or not)

    def asserted(self, batch: NodeBatch | RelationshipBatch, rows: list[Row]) -> None:
        with self._lock:
            self.any_asserted = self.any_asserted or bool(rows)
            if isinstance(batch, NodeBatch):
                self.sanctioned.update(
                    row["props"]["id"] for row in rows if row["props"].get("sanctioned") is True
                )
                self.nodes.extend(
                    NodeAssertion(batch.label, row["props"]["id"], row["record"])
                    for row in rows
                    if row["props"]["id"] in self._watched
                )
                return
            rel_type, source_label, target_label = batch.signature
            keys = self._identity[rel_type]
            self.links.extend(
                LinkAssertion(
                    rel_type,
                    source_label,
                    row["source"],
                    target_label,
                    row["target"],
                    tuple((key, row["props"].get(key)) for key in keys),
                    row["record"],
                )
                for row in rows
                if row["source"] in self._watched or row["target"] in self._watched
            )
