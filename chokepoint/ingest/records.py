"""What adapters produce: node and relationship records plus the provenance of their source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chokepoint.graph.source_files import file_key


@dataclass(frozen=True)
class Provenance:
    """Where a batch of records came from; stamped on every node and relationship written (the
    file's hash by its key: :mod:`chokepoint.graph.source_files`)."""

    dataset: str
    agency: str
    caveat: str
    file_sha256: str | None = None
    published: dt.date | None = None
    synthetic: bool = False

    def properties(self, record_id: str) -> dict[str, Any]:
        return {
            "sourceDataset": self.dataset,
            "sourceRecordId": record_id,
            "sourceFile": file_key(self.file_sha256) if self.file_sha256 else None,
            "sourcePublished": self.published,
            "agency": self.agency,
            "caveat": self.caveat,
            "synthetic": self.synthetic or None,
        }


@dataclass(frozen=True)
class NodeRef:
    """A pointer to a node by label and identity values (or by its global id)."""

    label: str
    identity: dict[str, Any]


@dataclass
class NodeRecord:
    label: str
    record_id: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class RelationshipRecord:
    type: str
    source: NodeRef
    target: NodeRef
    record_id: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RejectedRecord:
    """A source record the adapter itself found broken: reported as a rejection, never written."""

    record_id: str
    reason: str


Record = NodeRecord | RelationshipRecord | RejectedRecord
