"""The async twin of ``adapter.py``, for the GraphQL API: the only other module importing the driver.

One :class:`AsyncGraph` (one driver) per process; one :class:`AsyncReadSession` per request. A
session serialises its queries (a driver session is not safe for concurrent use, and resolvers run
concurrently) and counts its round trips, so tests can prove nested queries are batched. Values come
back as plain Python: driver temporal types become ``datetime.date`` / ``datetime.datetime``.

A read is one auto-commit query in a read-mode session (routed to a follower on a cluster, and
refused by the server if it writes): one network round trip, where a managed transaction costs three
(BEGIN, RUN with PULL, COMMIT). Reads are idempotent, so :meth:`AsyncReadSession.read` retries them
the way the driver retries a managed transaction: errors the driver marks retryable, on a fresh
session, after the driver's growing, jittered delays, for up to ``MAX_RETRY_S``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from chokepoint.errors import GraphUnavailable
from chokepoint.graph.adapter import Row, _text, _translated
from chokepoint.graph.queries import CypherQuery
from chokepoint.graph.records import native, row

# The driver's own retry policy for managed transactions (neo4j._conf.WorkspaceConfig defaults).
MAX_RETRY_S = 30.0
FIRST_RETRY_DELAY_S = 1.0
RETRY_DELAY_FACTOR = 2.0
RETRY_JITTER = 0.2
log = logging.getLogger("chokepoint.graph")


class AsyncGraph:
    """A driver for one database. Build it with :meth:`connect` inside the event loop that uses it."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database

    @classmethod
    async def connect(cls, uri: str, user: str, password: str, database: str = "neo4j") -> AsyncGraph:
        """Open a driver and check that the server answers and accepts the credentials."""
        driver = neo4j.AsyncGraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
        try:
            with _translated(f"connect to {uri}"):
                await driver.verify_connectivity()
        except GraphUnavailable:
            await driver.close()
            raise
        return cls(driver, database)

    async def close(self) -> None:
        await self._driver.close()

    def session(self) -> AsyncReadSession:
        """A read session for one request; opened on its first query, closed with :meth:`close`."""
        return AsyncReadSession(self._driver, self._database)


class AsyncReadSession:
    """Read-only queries of one request, run one at a time, counted in :attr:`round_trips`."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database
        self._session: neo4j.AsyncSession | None = None
        self._lock = asyncio.Lock()
        self.round_trips = 0

    async def read(self, query: CypherQuery, **params: Any) -> list[Row]:
        """Run a read query (auto-commit in a read session: routable; retried like a managed transaction)."""
        async with self._lock:
            with _translated(query.name):
                self.round_trips += 1
                started: float | None = None
                delay = FIRST_RETRY_DELAY_S
                while True:
                    try:
                        return await _collect(self._open(), query, params)
                    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                        await self._discard()  # a retry starts on a fresh session and connection
                        now = time.monotonic()
                        started = now if started is None else started
                        if not exc.is_retryable() or now - started > MAX_RETRY_S:
                            raise
                        wait = delay * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random.random())  # noqa: S311
                        log.warning("Read %s failed, retried in %.1f s: %s", query.name, wait, exc)
                        await asyncio.sleep(wait)
                        delay *= RETRY_DELAY_FACTOR

    async def close(self) -> None:
        async with self._lock:
            if self._session is not None:
                session, self._session = self._session, None
                with _translated("close session"):
                    await session.close()

    def _open(self) -> neo4j.AsyncSession:
        if self._session is None:
            self._session = self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            )
        return self._session

    async def _discard(self) -> None:
        """Close the session after a failed read; its own errors add nothing to the read's."""
        session, self._session = self._session, None
        if session is not None:
            try:
                await session.close()
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
                log.debug("closing a failed session: %s", exc)


async def _collect(session: neo4j.AsyncSession, query: CypherQuery, params: Mapping[str, Any]) -> list[Row]:
    result = await session.run(_text(query), dict(params))
    return [row(record, native) async for record in result]
