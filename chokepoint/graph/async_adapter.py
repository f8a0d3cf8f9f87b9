"""The async twin of ``adapter.py``, for the GraphQL API: the only other module importing the driver.

One :class:`AsyncGraph` (one driver) per process; one :class:`AsyncReadSession` per request. A
session serialises its queries (a driver session is not safe for concurrent use, and resolvers run
concurrently) and counts its round trips, so tests can prove nested queries are batched. Values come
back as plain Python: driver temporal types become ``datetime.date`` / ``datetime.datetime``.

A read is one auto-commit query in a read-mode session (routed to a follower on a cluster, and
refused by the server if it writes): one network round trip, where a managed transaction costs three
(BEGIN, RUN with PULL, COMMIT). Each carries a transaction timeout (``neo4j.Query(timeout=…)``) that
the *server* enforces, so no read can hold a database core for longer, whoever waits for it.

Reads are idempotent, so :meth:`AsyncReadSession.read` retries errors the driver marks retryable,
on a fresh session, after growing, jittered delays, within a short budget (``ReadPolicy``): an API
caller is better served by a prompt 503 than by a request that hangs through an outage. While the
database is known to be unreachable (:class:`Availability`: a read failed that way after its retries
and none has succeeded since) a read does not retry at all and waits at most ``down_wait_s`` (a
server that is starting accepts connections but holds queries until its database is online), so
every request fails at once until one gets through, and the first that does marks the database up
again (no restart needed).

A read cancelled by its caller (the API cancels a request whose client went away) makes the driver
kill its connection; Neo4j then terminates the transaction (``tests/api/test_serving_faults.py``
checks it with ``SHOW TRANSACTIONS``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from chokepoint.errors import GraphUnavailable, QueryTimedOut
from chokepoint.graph.adapter import Row, _text, _translated
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.rows import native, row
from chokepoint.graph.source_files import SourceFiles

FIRST_RETRY_DELAY_S = 0.1
RETRY_DELAY_FACTOR = 2.0
RETRY_JITTER = 0.2
# Server codes of a transaction stopped by its timeout (5.x names the client's setting; older: plain).
_TIMED_OUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.ClientError.Transaction.TransactionTimedOut",
)


class Rows(list[Row]):
    """The rows of a read and its column names, which the server gives even when there are none."""

    columns: tuple[str, ...] = ()


log = logging.getLogger("chokepoint.graph")


@dataclass(frozen=True)
class ReadPolicy:
    """How long the database may work on one read, and how long a read retries transient errors.

    ``timeout_s`` bounds every read; ``long_timeout_s`` the reads a caller marks long
    (:meth:`AsyncReadSession.read_long`: saved investigations). ``retry_s`` is the retry budget and
    ``connect_timeout_s`` bounds opening a connection (a server that accepts but never answers), and
    ``down_wait_s`` one read while the database is known down (a starting server holds queries)."""

    timeout_s: float = 15.0
    long_timeout_s: float = 60.0
    retry_s: float = 1.0
    connect_timeout_s: float = 2.0
    down_wait_s: float = 1.0


class Availability:
    """Whether the last read of any session found the database unreachable (shared by sessions)."""

    def __init__(self) -> None:
        self.down_since: float | None = None

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def failed(self) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("The database is unreachable; API reads fail at once until one succeeds")

    def answered(self) -> None:
        if self.down_since is not None:
            log.warning("The database answers again after %.1f s", time.monotonic() - self.down_since)
            self.down_since = None


class AsyncGraph:
    """A driver for one database. Build it with :meth:`connect` inside the event loop that uses it."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str, policy: ReadPolicy | None = None) -> None:
        self._driver = driver
        self._database = database
        self.policy = policy or ReadPolicy()
        self.availability = Availability()
        self.files = SourceFiles()  # every request's: the catalogue of file hashes is the database's

    @classmethod
    async def connect(
        cls, uri: str, user: str, password: str, database: str = "neo4j", policy: ReadPolicy | None = None
    ) -> AsyncGraph:
        """Open a driver and check that the server answers and accepts the credentials."""
        policy = policy or ReadPolicy()
        driver = neo4j.AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            notifications_min_severity="OFF",
            connection_timeout=policy.connect_timeout_s,
        )
        try:
            with _translated(f"connect to {uri}"):
                await driver.verify_connectivity()
        except GraphUnavailable:
            await driver.close()
            raise
        return cls(driver, database, policy)

    async def close(self) -> None:
        await self._driver.close()

    def session(self) -> AsyncReadSession:
        """A read session for one request; opened on its first query, closed with :meth:`close`."""
        return AsyncReadSession(self._driver, self._database, self.policy, self.availability, self.files)

    async def write(self, query: CypherQuery, **params: Any) -> list[Row]:
        """One write in a managed transaction (retried by the driver on transient errors), and the rows
        it returns: the API's own bookkeeping, such as deconfliction notices and watches; the domain
        graph is written by ingest only."""
        with _translated(query.name):
            async with self._driver.session(database=self._database) as session:
                written: list[Row] = await session.execute_write(_write, query, params)
                return written

    async def ready(self) -> bool:
        """True when the database answers a trivial read now: within the connect timeout, which
        bounds the read on the server too (a database still starting is not ready)."""
        session = self.session()
        try:
            await session.read_within(load_query("check_database_ready"), self.policy.connect_timeout_s)
        except (GraphUnavailable, QueryTimedOut):
            return False
        finally:
            await session.close()
        return True


class AsyncReadSession:
    """Read-only queries of one request, run one at a time, counted in :attr:`round_trips`."""

    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        database: str,
        policy: ReadPolicy | None = None,
        availability: Availability | None = None,
        files: SourceFiles | None = None,
    ) -> None:
        self._driver = driver
        self._database = database
        self._policy = policy or ReadPolicy()
        self._availability = availability or Availability()
        self._files = files or SourceFiles()
        self._session: neo4j.AsyncSession | None = None
        self._lock = asyncio.Lock()
        self.round_trips = 0

    def sibling(self) -> AsyncReadSession:
        """Another session of the same request (same driver, policy and file catalogue), for a read
        that should run beside this session's, which runs its queries one at a time; the caller
        closes it."""
        return AsyncReadSession(self._driver, self._database, self._policy, self._availability, self._files)

    @property
    def long_timeout_s(self) -> float:
        """How long one long read (a saved investigation) may run: also a computed one's whole budget."""
        return self._policy.long_timeout_s

    async def read(self, query: CypherQuery, **params: Any) -> Rows:
        """Run a read query (auto-commit in a read session: routable; retried within the budget)."""
        return await self._read(query, params, self._policy.timeout_s)

    async def read_long(self, query: CypherQuery, params: Mapping[str, Any]) -> Rows:
        """:meth:`read` with the policy's long timeout, for reads known to be heavy."""
        return await self._read(query, params, self._policy.long_timeout_s)

    async def read_within(self, query: CypherQuery, timeout_s: float, **params: Any) -> Rows:
        """:meth:`read` with its own timeout (readiness checks: short)."""
        return await self._read(query, params, timeout_s)

    async def _read(self, query: CypherQuery, params: Mapping[str, Any], timeout_s: float) -> Rows:
        async with self._lock:
            with _translated(query.name), _timed_out(query.name, timeout_s):
                self.round_trips += 1
                started = time.monotonic()
                delay = FIRST_RETRY_DELAY_S
                retry = not self._availability.down  # known down: fail at once, until a read succeeds
                while True:
                    try:
                        rows = await self._attempt(query, params, timeout_s, waits=retry)
                    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                        await self._discard()  # a retry starts on a fresh session and connection
                        spent = time.monotonic() - started
                        if not (retry and exc.is_retryable() and spent + delay <= self._policy.retry_s):
                            if _unreachable(exc):
                                self._availability.failed()
                            if isinstance(exc, neo4j_errors.TransientError):
                                raise GraphUnavailable(f"Neo4j is busy or restarting ({query.name})") from exc
                            raise
                        wait = delay * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random.random())  # noqa: S311
                        log.info("Read %s failed, retried in %.2f s: %s", query.name, wait, exc)
                        await asyncio.sleep(wait)
                        delay *= RETRY_DELAY_FACTOR
                    else:
                        self._availability.answered()
                        await self._with_file_hashes(rows, timeout_s)
                        return rows

    async def _with_file_hashes(self, rows: Rows, timeout_s: float) -> None:
        """Put each file's hash in place of the key elements store (:mod:`.source_files`); reading
        the catalogue, when it lacks a key, is bookkeeping, not one of the request's round trips."""
        stamped = self._files.stamped(rows)
        if stamped and self._files.lacks_any(stamped):
            catalogue = await _collect(self._open(), load_query("list_source_files"), {}, timeout_s)
            self._files.load(catalogue, stamped)
        self._files.dereference(stamped)

    async def _attempt(
        self, query: CypherQuery, params: Mapping[str, Any], timeout_s: float, waits: bool
    ) -> Rows:
        """One try. While the database is known down it may take ``down_wait_s`` at most: a server
        that is starting accepts connections and holds queries until its database is online."""
        if waits:
            return await _collect(self._open(), query, params, timeout_s)
        try:
            return await asyncio.wait_for(
                _collect(self._open(), query, params, timeout_s), self._policy.down_wait_s
            )
        except TimeoutError:
            await self._discard()  # the cancelled query's connection was killed with it
            raise GraphUnavailable(f"Neo4j is not answering yet ({query.name})") from None

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


def _unreachable(exc: Exception) -> bool:
    """The server could not be reached or dropped the connection (not an error of the query)."""
    return isinstance(exc, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired | OSError)


@contextmanager
def _timed_out(what: str, timeout_s: float) -> Iterator[None]:
    """Turn the server's transaction-timeout error into :class:`QueryTimedOut`."""
    try:
        yield
    except neo4j_errors.Neo4jError as exc:
        if exc.code not in _TIMED_OUT_CODES:
            raise
        message = f"{what} ran longer than its {timeout_s:g} s limit and was stopped"
        raise QueryTimedOut(message, timeout_s) from exc


async def _write(
    tx: neo4j.AsyncManagedTransaction, query: CypherQuery, params: Mapping[str, Any]
) -> list[Row]:
    result = await tx.run(_text(query), dict(params))
    return [row(record) async for record in result]


async def _collect(
    session: neo4j.AsyncSession, query: CypherQuery, params: Mapping[str, Any], timeout_s: float
) -> Rows:
    result = await session.run(neo4j.Query(_text(query), timeout=timeout_s), dict(params))
    rows = Rows([row(record, native) async for record in result])
    rows.columns = tuple(result.keys())
    return rows
