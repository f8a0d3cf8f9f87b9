"""A watch: an agency's standing question about one entity, stored as a ``Watch`` node.

Watches live outside the domain model (no ``Entity`` label, no markings): each belongs to the agency
that made it and is read by that agency only. A watch keeps the grants its agency held when it was
made; alerts are evaluated under them and shown only to a reader who holds every grant an alert
needs (:mod:`chokepoint.alerts.evaluate`), so a grant revoked since hides the alerts it let through.
A watch may name an entity not in the graph yet (an address written on paper): it waits for it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chokepoint.markings import PUBLIC


@dataclass(frozen=True)
class Watch:
    id: str
    agency: str
    rule: str
    subject: str
    parameters: dict[str, Any] = field(default_factory=dict)
    grants: frozenset[str] = frozenset()  # the agency's grants when it was made, PUBLIC included
    created_at: dt.datetime | None = None
    removed_at: dt.datetime | None = None

    @classmethod
    def new(
        cls, agency: str, rule: str, subject: str, parameters: dict[str, Any], grants: frozenset[str]
    ) -> Watch:
        return cls(
            id=f"watch-{uuid.uuid4()}",
            agency=agency,
            rule=rule,
            subject=subject,
            parameters=parameters,
            grants=grants | {PUBLIC},
            created_at=dt.datetime.now(dt.UTC),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Watch:
        return cls(
            id=str(row["id"]),
            agency=str(row["agency"]),
            rule=str(row["rule"]),
            subject=str(row["subject"]),
            parameters=json.loads(row.get("parameters") or "{}"),
            grants=frozenset(row.get("grants") or ()),
            created_at=row.get("createdAt"),
            removed_at=row.get("removedAt"),
        )

    def stored(self) -> dict[str, Any]:
        """The node's properties (parameters as JSON text: a node holds no maps)."""
        return {
            "id": self.id,
            "agency": self.agency,
            "rule": self.rule,
            "subject": self.subject,
            "parameters": json.dumps(self.parameters, sort_keys=True),
            "grants": sorted(self.grants),
            "createdAt": self.created_at,
        }

    def sees(self, markings: Any) -> bool:
        """Whether an element with these ``markings`` is visible under the watch's grants."""
        return any(mark in self.grants for mark in markings or ())

    def seen_as(self, markings: Any) -> str:
        """The grant under which the watch sees such an element (PUBLIC first): what an alert naming
        it needs its reader to hold."""
        held = sorted(mark for mark in markings or () if mark in self.grants)
        return PUBLIC if PUBLIC in held else held[0]
