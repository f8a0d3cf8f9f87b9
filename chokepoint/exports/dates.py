"""When an exported element happened, for the charts' timelines (i2's DateTime, GEXF's start).

Its type's own event date when the schema declares one and the element has it (a seizure's day, a
transfer's block time, a flow's first transfer, a document's publication), else its source's
publication date, else the day an ingest first wrote it (``event_date`` in ``schema/common.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping

from chokepoint.schema.vocabulary import DEFAULT_EVENT_DATES, EVENT_DATES


def event_moment(kind: str, props: Mapping[str, object]) -> str | None:
    """The element's date as an ISO date-time without zone (``2026-04-17T00:00:00``), or None."""
    own = EVENT_DATES.get(kind)
    value = (props.get(own) if own else None) or next(
        (props[name] for name in DEFAULT_EVENT_DATES if props.get(name)), None
    )
    if not value:
        return None
    stamp = str(value)
    return stamp[:19] if "T" in stamp else f"{stamp[:10]}T00:00:00"
