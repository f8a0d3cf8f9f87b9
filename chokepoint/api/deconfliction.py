"""``deconflictionNotices`` and ``deconflictionReport``: what an owner agency is told when pointers
to its records are given to other agencies. Each agency reads its own notices only (the owner is the
caller's agency; no argument names another).

The pointers themselves are the ``deconfliction`` field of every entity and relationship
(``objects.py``); their rule and the notices' bookkeeping live in :mod:`chokepoint.deconfliction`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from chokepoint.api import arguments
from chokepoint.api.objects import Entity, PageInfo, context_of, page_info, resolver


@strawberry.type(description="Another agency was given a pointer to one of your elements.")
class DeconflictionNotice:
    agency: str = strawberry.field(description="The agency given the pointer (your contact)")
    element: str = strawberry.field(description="Your element: an entity id, or (startId)-[TYPE]->(endId)")
    first_at: dt.datetime = strawberry.field(description="Its first touch in this notice's window")
    last_at: dt.datetime = strawberry.field(description="Its latest touch in that window")
    touches: int = strawberry.field(description="Answers that gave the pointer within the window")


@strawberry.type
class DeconflictionNoticePage:
    total_count: int
    page_info: PageInfo
    notices: list[DeconflictionNotice] = strawberry.field(description="Latest touch first")


@strawberry.type(description="One agency's activity on one of your elements.")
class AgencyActivity:
    agency: str
    last_at: dt.datetime
    touches: int
    notices: int


@strawberry.type(description="One of your elements on which other agencies have been active.")
class DeconflictionReportItem:
    element: str = strawberry.field(description="An entity id, or (startId)-[TYPE]->(endId)")
    entity: Entity | None = strawberry.field(description="The entity, as you see it (null for a link)")
    last_at: dt.datetime
    agencies: list[AgencyActivity] = strawberry.field(description="Most recent first")


@strawberry.type
class DeconflictionReport:
    total_count: int
    page_info: PageInfo
    items: list[DeconflictionReportItem] = strawberry.field(description="Most recent activity first")


@strawberry.type
class DeconflictionQuery:
    @resolver(
        "Your agency's deconfliction notices: each time another agency's answer named your agency on "
        "one of your elements (repeated touches within your notice window count on one notice)."
    )
    async def deconfliction_notices(
        self,
        since: dt.datetime | None = None,
        first: int = arguments.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        *,
        info: strawberry.Info,
    ) -> DeconflictionNoticePage:
        context = context_of(info)
        wanted = arguments.page(first, after)
        total, rows = await context.reads.deconfliction_notices(
            context.viewer.agency, _aware(since), wanted.offset, wanted.first
        )
        notices = [DeconflictionNotice(**_snake(row)) for row in rows]
        return DeconflictionNoticePage(
            total_count=total,
            page_info=page_info(wanted.offset, len(notices), wanted.offset + len(notices) < total),
            notices=notices,
        )

    @resolver("Your elements on which other agencies have been active, most recent first.")
    async def deconfliction_report(
        self, first: int = arguments.DEFAULT_PAGE_SIZE, after: str | None = None, *, info: strawberry.Info
    ) -> DeconflictionReport:
        context = context_of(info)
        wanted = arguments.page(first, after)
        total, rows = await context.reads.deconfliction_report(
            context.viewer.agency, wanted.offset, wanted.first
        )
        items = [
            DeconflictionReportItem(
                element=str(row["item"]["element"]),
                entity=context.registry.entity(row["entity"]) if row["entity"] else None,
                last_at=row["item"]["lastAt"],
                agencies=sorted(
                    (AgencyActivity(**_snake(activity)) for activity in row["item"]["agencies"]),
                    key=lambda a: (-a.last_at.timestamp(), a.agency),
                ),
            )
            for row in rows
        ]
        return DeconflictionReport(
            total_count=total,
            page_info=page_info(wanted.offset, len(items), wanted.offset + len(items) < total),
            items=items,
        )


API_TYPES = (
    DeconflictionNotice,
    DeconflictionNoticePage,
    AgencyActivity,
    DeconflictionReportItem,
    DeconflictionReport,
)


def _snake(row: dict[str, Any]) -> dict[str, Any]:
    names = {"firstAt": "first_at", "lastAt": "last_at"}
    return {names.get(key, key): value for key, value in row.items()}


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive time is taken as UTC (notices are stamped in UTC)."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment
