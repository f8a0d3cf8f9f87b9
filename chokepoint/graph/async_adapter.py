"""The async twin of ``adapter.py``, for the GraphQL API: the only other module importing the driver.

One :class:`AsyncGraph` (one driver) per process; one :class:`AsyncReadSession` per request. A
session serialises its queries (a driver session is not safe for concurrent use, and resolvers run
concurrently) and counts its round trips, so tests can prove nested queries are batched. Values come
back as plain Python: driver temporal types become ``datetime.date`` / ``datetime.datetime``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import neo4j

from chokepoint.errors import GraphUnavailable
from chokepoint.graph.adapter import Row, _text, _translated
from chokepoint.graph.queries import CypherQuery
from chokepoint.graph.records import native, row


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
        """Run a read query in a managed (retried, routable) transaction."""
        async with self._lock:
            with _translated(query.name):
                if self._session is None:
                    self._session = self._driver.session(
                        database=self._database, default_access_mode=neo4j.READ_ACCESS
                    )
                self.round_trips += 1
                return await self._session.execute_read(_collect, query, params)

    async def close(self) -> None:
        async with self._lock:
            if self._session is not None:
                session, self._session = self._session, None
                with _translated("close session"):
                    await session.close()


async def _collect(
    tx: neo4j.AsyncManagedTransaction, query: CypherQuery, params: Mapping[str, Any]
) -> list[Row]:
    result = await tx.run(_text(query), dict(params))
    return [row(record, native) async for record in result]

