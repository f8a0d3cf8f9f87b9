"""Watches and alerts over GraphQL: ``watchRules``, ``watches`` and ``alerts`` (queries), ``watch``,
``unwatch`` and ``acknowledgeAlerts`` (the API's mutations). Each agency reaches its own watches and
alerts only; an alert is shown only to a reader holding every grant it needs, and its entities are
shown as the reader sees them. The decisions live in :mod:`chokepoint.alerts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Callable
from typing import Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON

from chokepoint.alerts.desk import DEFAULT_WATCH_LIMIT, AlertDesk, StoredAlert
from chokepoint.alerts.rules import rules_of
from chokepoint.alerts.watches import Watch as StoredWatch
from chokepoint.api import arguments
from chokepoint.api.context import RequestContext
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import DeconflictionPointer, Entity, PageInfo, context_of, page_info, resolver

MAX_ACKNOWLEDGE = 1_000
F = TypeVar("F", bound=Callable[..., Any])


def mutation(description: str) -> Callable[[F], F]:
    """``@mutation(…)``, typed for ``mypy --strict`` (strawberry's is not)."""
    return cast("Callable[[F], F]", strawberry.mutation(description=description))


@strawberry.type(description="A parameter a watch rule takes (schema/watches.yaml).")
class WatchRuleParameter:
    name: str
    type: str = strawberry.field(description="number, integer, string, labels or relationships")
    default: JSON | None
    minimum: float | None
    maximum: float | None
    description: str


@strawberry.type(description="What a watch can ask to be told (schema/watches.yaml).")
class WatchRule:
    name: str
    title: str
    description: str
    subjects: list[str] = strawberry.field(description="The labels a watched entity may have")
    parameters: list[WatchRuleParameter]


@strawberry.type(description="Your agency's standing question about one entity.")
class Watch:
    id: strawberry.ID
    rule: str
    subject: strawberry.ID = strawberry.field(description="The watched entity's id")
    parameters: JSON = strawberry.field(description="The rule's parameters, defaults filled in")
    created_at: dt.datetime

    @resolver("The watched entity as you see it now (null until you see it)")
    async def entity(self, info: strawberry.Info) -> Entity | None:
        return await context_of(info).loaders.entities.load(str(self.subject))


@strawberry.type
class WatchPage:
    total_count: int
    page_info: PageInfo
    watches: list[Watch] = strawberry.field(description="Newest first")


@strawberry.type(description="New records touched what one of your watches watches.")
class Alert:
    id: strawberry.ID
    at: dt.datetime = strawberry.field(description="When it fired (the end of the write that caused it)")
    watch: strawberry.ID
    rule: str
    subject: strawberry.ID
    summary: str = strawberry.field(description="What happened, in words, from what you may see")
    element_ids: list[strawberry.ID] = strawberry.field(description="The evidence: entity ids, subject first")
    links: list[str] = strawberry.field(description="The evidence's links: (startId)-[TYPE]->(endId)")
    source_record: str | None = strawberry.field(description="The triggering record, dataset:record")
    pointer: DeconflictionPointer | None = strawberry.field(
        description="Set when the triggering records are another agency's, hidden from you: whom to call"
    )
    acknowledged_at: dt.datetime | None

    @resolver("The evidence's entities as you see them now")
    async def entities(self, info: strawberry.Info) -> list[Entity]:
        loaded = await context_of(info).loaders.entities.load_many([str(i) for i in self.element_ids])
        return [entity for entity in loaded if entity is not None]


@strawberry.type
class AlertPage:
    total_count: int
    page_info: PageInfo
    alerts: list[Alert] = strawberry.field(description="Newest first")


@strawberry.type
class AlertQuery:
    @resolver("The watch rules: what a watch can ask to be told, with their parameters.")
    def watch_rules(self, info: strawberry.Info) -> list[WatchRule]:
        rules = rules_of(context_of(info).registry.model)
        return [
            WatchRule(
                name=name,
                title=rule.title,
                description=rule.description,
                subjects=sorted(rules.subject_labels(name)),
                parameters=[
                    WatchRuleParameter(
                        name=key,
                        type=spec.type,
                        default=spec.default,
                        minimum=spec.minimum,
                        maximum=spec.maximum,
                        description=spec.description,
                    )
                    for key, spec in rule.parameters.items()
                ],
            )
            for name, rule in sorted(rules.rules.items())
        ]

    @resolver("Your agency's active watches, newest first.")
    async def watches(
        self, first: int = arguments.DEFAULT_PAGE_SIZE, after: str | None = None, *, info: strawberry.Info
    ) -> WatchPage:
        context = context_of(info)
        wanted = arguments.page(first, after)
        total, rows = await context.reads.watches(context.viewer.agency, wanted.offset, wanted.first)
        watches = [_watch(StoredWatch.from_row(row)) for row in rows]
        return WatchPage(
            total_count=total,
            page_info=page_info(wanted.offset, len(watches), wanted.offset + len(watches) < total),
            watches=watches,
        )

    @resolver(
        "Your agency's alerts, newest first: those fired at or after `since`, of one `watch`, or not "
        "yet acknowledged. An alert shows only when you hold every grant it needs."
    )
    async def alerts(
        self,
        since: dt.datetime | None = None,
        watch: strawberry.ID | None = None,
        unacknowledged: bool = False,
        first: int = arguments.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        *,
        info: strawberry.Info,
    ) -> AlertPage:
        context = context_of(info)
        wanted = arguments.page(first, after)
        watch_id = arguments.entity_id(str(watch), "watch") if watch is not None else None
        total, rows = await context.reads.alerts(
            context.viewer.agency, _aware(since), watch_id, unacknowledged, wanted.offset, wanted.first
        )
        alerts = [alert_object(StoredAlert.from_row(row)) for row in rows]
        return AlertPage(
            total_count=total,
            page_info=page_info(wanted.offset, len(alerts), wanted.offset + len(alerts) < total),
            alerts=alerts,
        )


@strawberry.type
class AlertSubscription:
    @strawberry.subscription(
        description="Your agency's alerts as they fire (of one `watch`, if given), each as soon as it is "
        "stored: over WebSocket (graphql-transport-ws) at /graphql. An alert shows only when you hold "
        "every grant it needs."
    )  # type: ignore[untyped-decorator]  # strawberry's decorator is untyped
    async def alerts(
        self, info: strawberry.Info, watch: strawberry.ID | None = None
    ) -> AsyncGenerator[Alert, None]:
        context = context_of(info)
        if context.feed is None:
            raise InvalidArgument("alerts: subscribe over WebSocket to the served API (/graphql)")
        watch_id = arguments.entity_id(str(watch), "watch") if watch is not None else None
        held = frozenset(context.viewer.grant_list())
        async with context.feed.subscribe(context.viewer.agency, held, watch_id) as stream:
            async for stored in stream:
                yield alert_object(stored)
                await context.renew()  # the next alert's entities are read afresh


@strawberry.type
class AlertMutation:
    @mutation(
        "Watch an entity: `rule` names one of `watchRules`, `parameters` its parameters (a JSON "
        "object). An entity you do not see yet is watched until you do."
    )
    async def watch(
        self, rule: str, subject: strawberry.ID, info: strawberry.Info, parameters: JSON | None = None
    ) -> Watch:
        context = context_of(info)
        subject_id = arguments.entity_id(str(subject), "subject")
        if parameters is not None and not isinstance(parameters, dict):
            raise InvalidArgument("parameters: give a JSON object of the rule's parameters")

        async def visible_labels(entity_id: str) -> list[str] | None:
            entity = await context.loaders.entities.load(entity_id)
            return list(entity.labels) if entity is not None else None

        created = await _desk(context, info).watch(rule, subject_id, dict(parameters or {}), visible_labels)
        return _watch(created)

    @mutation("End one of your watches; its alerts stay.")
    async def unwatch(self, id: strawberry.ID, info: strawberry.Info) -> Watch:
        context = context_of(info)
        return _watch(await _desk(context, info).unwatch(arguments.entity_id(str(id))))

    @mutation("Acknowledge alerts of yours; the ids acknowledged.")
    async def acknowledge_alerts(
        self, ids: list[strawberry.ID], info: strawberry.Info
    ) -> list[strawberry.ID]:
        if len(ids) > MAX_ACKNOWLEDGE:
            raise InvalidArgument(f"ids: give at most {MAX_ACKNOWLEDGE} alert ids at once")
        checked = [arguments.entity_id(str(i), "ids") for i in ids]
        context = context_of(info)
        return [strawberry.ID(i) for i in await _desk(context, info).acknowledge(checked)]


def _desk(context: RequestContext, info: strawberry.Info) -> AlertDesk:
    assert context.graph is not None, "the request context carries the graph for writes"
    limit = getattr(info.schema, "watch_limit", DEFAULT_WATCH_LIMIT)
    return AlertDesk(context.graph, rules_of(context.registry.model), context.viewer, limit)


def _watch(watch: StoredWatch) -> Watch:
    return Watch(
        id=strawberry.ID(watch.id),
        rule=watch.rule,
        subject=strawberry.ID(watch.subject),
        parameters=cast("JSON", watch.parameters),
        created_at=watch.created_at or dt.datetime.now(dt.UTC),
    )


def alert_object(alert: StoredAlert) -> Alert:
    """The GraphQL object of a stored alert (also what the subscription sends)."""
    pointer = DeconflictionPointer(**alert.pointer) if alert.pointer else None
    return Alert(
        id=strawberry.ID(alert.id),
        at=alert.at,
        watch=strawberry.ID(alert.watch),
        rule=alert.rule,
        subject=strawberry.ID(alert.subject),
        summary=alert.summary,
        element_ids=[strawberry.ID(i) for i in alert.entities],
        links=alert.links,
        source_record=alert.record,
        pointer=pointer,
        acknowledged_at=alert.acknowledged_at,
    )


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive time is read as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


API_TYPES: tuple[Any, ...] = (WatchRuleParameter, WatchRule, Watch, WatchPage, Alert, AlertPage)
