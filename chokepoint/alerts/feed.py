"""The live alert feed of one API process: one poll of the stored alerts serves every subscriber.

Alerts are written by whichever process ingests (usually not this one), so the feed reads what has
been stored since its last look, every ``poll_s`` seconds while anyone listens, and hands each alert
to the subscribers of its agency that hold every grant it needs (and want its watch). Alerts are
stamped before their transaction commits, so one can become visible after a later-stamped one: the
feed looks back ``LOOK_BACK`` behind the newest alert it has seen and skips the ids it has handed out
already, so a slow commit is delivered late rather than never.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from chokepoint.alerts.desk import StoredAlert
from chokepoint.errors import ChokepointError
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query

POLL_S = 0.25
LOOK_BACK = dt.timedelta(seconds=5)
BATCH = 1_000  # alerts read per poll (more wait for the next one)
QUEUE = 1_000  # alerts one subscriber may have waiting; beyond, it is told it fell behind
log = logging.getLogger("chokepoint.alerts")


class FellBehind(ChokepointError):
    """A subscriber did not read its alerts as fast as they came; it should re-read ``alerts``."""


@dataclass(eq=False)  # each subscriber is itself: kept in a set by identity
class Subscriber:
    agency: str
    grants: frozenset[str]
    watch: str | None = None
    queue: asyncio.Queue[StoredAlert | None] = field(default_factory=lambda: asyncio.Queue(QUEUE))

    def wants(self, alert: StoredAlert, requires: list[str], agency: str) -> bool:
        return (
            agency == self.agency
            and all(grant in self.grants for grant in requires)
            and (self.watch is None or alert.watch == self.watch)
        )


class AlertFeed:
    """Polls while it has subscribers; :meth:`subscribe` gives one subscriber's alerts as they come."""

    def __init__(self, graph: AsyncGraph, poll_s: float = POLL_S) -> None:
        self._graph = graph
        self._poll_s = poll_s
        self._subscribers: set[Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._from: dt.datetime | None = None
        self._handed: dict[str, dt.datetime] = {}  # ids handed out, by when they fired

    @contextlib.asynccontextmanager
    async def subscribe(
        self, agency: str, grants: frozenset[str], watch: str | None = None
    ) -> AsyncIterator[AsyncIterator[StoredAlert]]:
        """The alerts stored from now on that ``agency`` holding ``grants`` may see, as they come."""
        subscriber = Subscriber(agency, grants, watch)
        if self._from is None:
            self._from = dt.datetime.now(dt.UTC)
        self._subscribers.add(subscriber)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        try:
            yield _drain(subscriber)
        finally:
            self._subscribers.discard(subscriber)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while self._subscribers:
            try:
                await self._poll()
            except ChokepointError as exc:  # the database away: try again at the next poll
                log.warning("alert feed: %s", exc)
            await asyncio.sleep(self._poll_s)
        self._from = None  # nobody listens: the next subscriber starts from its own now
        self._handed.clear()

    async def _poll(self) -> None:
        assert self._from is not None
        session = self._graph.session()
        try:
            rows = await session.read(
                load_query("alert_since"), limit=BATCH, handed=list(self._handed), **{"from": self._from}
            )
        finally:
            await session.close()
        newest = self._from
        for row in rows:
            stored = row["alert"]
            alert = StoredAlert.from_row(stored)
            newest = max(newest, alert.at)
            self._handed[alert.id] = alert.at
            for subscriber in list(self._subscribers):
                if subscriber.wants(alert, list(stored.get("requires") or ()), str(stored["agency"])):
                    _offer(subscriber, alert)
        if len(rows) < BATCH:  # caught up: the look-back window may move on
            self._from = max(self._from, newest - LOOK_BACK)
            self._handed = {key: at for key, at in self._handed.items() if at >= self._from}


def _offer(subscriber: Subscriber, alert: StoredAlert) -> None:
    try:
        subscriber.queue.put_nowait(alert)
    except asyncio.QueueFull:
        while not subscriber.queue.empty():
            subscriber.queue.get_nowait()
        subscriber.queue.put_nowait(None)  # fell behind: its stream ends with that error


async def _drain(subscriber: Subscriber) -> AsyncIterator[StoredAlert]:
    while True:
        alert = await subscriber.queue.get()
        if alert is None:
            raise FellBehind(
                f"more than {QUEUE} alerts waited unread; read the rest with the alerts query and "
                "subscribe again"
            )
        yield alert
