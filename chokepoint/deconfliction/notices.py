"""Notices to owners: each pointer given is a touch; an owner's touches become notices.

A touch is (owner, element) for one viewer agency in one answer. The book turns touches into
``DeconflictionNotice`` nodes, outside the domain model: one per owner, agency and element while the
touches keep within the owner's window of the notice's first touch (``notice_window_minutes``); a
touch after the window opens a new notice. Only the owner reads them (the API's
``deconflictionNotices`` and ``deconflictionReport``, with the owner's grants).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from chokepoint.deconfliction.pointers import Pointer, PointerRule
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query


def link_key(start_id: str, rel_type: str, end_id: str) -> str:
    """How a notice names a relationship (an entity is named by its id)."""
    return f"({start_id})-[{rel_type}]->({end_id})"


@dataclass
class Touches:
    """The pointers one answer gave: (owner, element) pairs, each once."""

    given: set[tuple[str, str]] = field(default_factory=set)

    def add(self, element: str, pointers: Iterable[Pointer]) -> None:
        for pointer in pointers:
            self.given.add((pointer.agency, element))

    def __bool__(self) -> bool:
        return bool(self.given)

    def lines(self) -> list[str]:
        """``OWNER element``, sorted: what the audit log records."""
        return [f"{owner} {element}" for owner, element in sorted(self.given)]


def touch_rows(given: Iterable[tuple[str, str]], rule: PointerRule) -> list[dict[str, object]]:
    """(owner, element) touches as ``deconfliction_record_touches`` takes them, with each owner's window."""
    return [
        {"owner": owner, "element": element, "window": rule.window_minutes(owner)}
        for owner, element in sorted(given)
    ]


class NoticeBook:
    """Writes the touches of an answer as notices to their owners."""

    def __init__(self, graph: AsyncGraph, rule: PointerRule) -> None:
        self._graph = graph
        self._rule = rule

    async def record(self, agency: str, touches: Touches, now: dt.datetime | None = None) -> None:
        if not touches:
            return
        rows = touch_rows(touches.given, self._rule)
        moment = now or dt.datetime.now(dt.UTC)
        await self._graph.write(
            load_query("deconfliction_record_touches"), touches=rows, agency=agency, now=moment
        )
