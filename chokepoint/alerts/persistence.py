"""Watches and alerts in the database, as the ingest side reads and writes them (the API's own reads
and writes are in :mod:`chokepoint.alerts.desk`)."""

from __future__ import annotations

import datetime as dt

from chokepoint.alerts.evaluate import AlertDraft
from chokepoint.alerts.watches import Watch
from chokepoint.deconfliction.notices import touch_rows
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query


def active_watches(graph: Graph) -> list[Watch]:
    return [Watch.from_row(row["watch"]) for row in graph.read(load_query("watch_active"))]


def save_alerts(
    graph: Graph, drafts: list[AlertDraft], pointers: PointerRule | None = None
) -> list[AlertDraft]:
    """Store ``drafts``; the ones new (a draft whose key is stored already was fired before). The
    owner of each new pointer alert's hidden records gets a deconfliction notice."""
    if not drafts:
        return []
    now = dt.datetime.now(dt.UTC)
    stored = {draft.key: (draft, draft.stored()) for draft in drafts}
    new_ids = {
        row["id"]
        for row in graph.write(
            load_query("alert_merge"), alerts=[payload for _, payload in stored.values()], now=now
        )
    }
    fresh = [draft for draft, payload in stored.values() if payload["id"] in new_ids]
    if pointers is not None:
        for draft in fresh:
            if draft.pointer is not None:
                rows = touch_rows({(draft.pointer.agency, draft.watch.subject)}, pointers)
                graph.write(
                    load_query("deconfliction_record_touches"),
                    touches=rows,
                    agency=draft.watch.agency,
                    now=now,
                )
    return fresh
