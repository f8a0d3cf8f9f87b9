"""What an agency does with its watches and alerts through the API (and the CLI, which asks the API
in-process): make and end watches, read and acknowledge alerts. Each agency reaches its own only.

Making a watch never tells the caller more than it may see: a subject it sees is checked against the
rule's labels; one it does not see (absent, or hidden from it) is accepted alike, and waits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from chokepoint.alerts.rules import WatchRules
from chokepoint.alerts.watches import Watch
from chokepoint.api.viewer import Viewer
from chokepoint.errors import InvalidInput, NotFound
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query

DEFAULT_WATCH_LIMIT = 10_000  # active watches per agency
VisibleLabels = Callable[[str], Awaitable[list[str] | None]]  # a subject's labels, None when unseen


@dataclass(frozen=True)
class StoredAlert:
    """An alert as stored (its entities are shown as the reader sees them, by whoever renders it)."""

    id: str
    at: dt.datetime
    watch: str
    rule: str
    subject: str
    summary: str
    entities: list[str]
    links: list[str]
    record: str | None
    pointer: dict[str, Any] | None
    acknowledged_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredAlert:
        pointer = None
        if row.get("pointer"):
            pointer = {"agency": row["pointer"], **json.loads(row.get("pointerContact") or "{}")}
        return cls(
            id=str(row["id"]),
            at=row["at"],
            watch=str(row["watch"]),
            rule=str(row["rule"]),
            subject=str(row["subject"]),
            summary=str(row["summary"]),
            entities=list(row.get("entities") or ()),
            links=list(row.get("links") or ()),
            record=row.get("record"),
            pointer=pointer,
            acknowledged_at=row.get("acknowledgedAt"),
        )


class AlertDesk:
    """One agency's watches and alerts over one database."""

    def __init__(self, graph: AsyncGraph, rules: WatchRules, viewer: Viewer, limit: int) -> None:
        self._graph = graph
        self._rules = rules
        self._viewer = viewer
        self._limit = limit

    async def watch(
        self, rule: str, subject: str, parameters: dict[str, Any], visible_labels: VisibleLabels
    ) -> Watch:
        checked = self._rules.parameters(rule, parameters)
        labels = await visible_labels(subject)
        if labels is not None:
            self._rules.check_subject(rule, labels, subject)
        watch = Watch.new(self._viewer.agency, rule, subject, checked, frozenset(self._viewer.grant_list()))
        rows = await self._graph.write(load_query("watch_create"), watch=watch.stored(), limit=self._limit)
        if not rows:
            raise InvalidInput(
                f"{self._viewer.agency} already has {self._limit} active watches, the most allowed; "
                "end some with unwatch first"
            )
        return Watch.from_row(rows[0]["watch"])

    async def unwatch(self, watch_id: str) -> Watch:
        now = dt.datetime.now(dt.UTC)
        rows = await self._graph.write(
            load_query("watch_remove"), id=watch_id, agency=self._viewer.agency, now=now
        )
        if not rows:
            raise NotFound(f"id: {watch_id[:80]!r} is not an active watch of {self._viewer.agency}")
        return Watch.from_row(rows[0]["watch"])

    async def acknowledge(self, ids: list[str]) -> list[str]:
        rows = await self._graph.write(
            load_query("alert_acknowledge"),
            ids=ids,
            agency=self._viewer.agency,
            grants=self._viewer.grant_list(),
            now=dt.datetime.now(dt.UTC),
        )
        return sorted(str(row["id"]) for row in rows)
