"""The API's reads without a database: one auto-commit query each with a server-side timeout, retried
within a short budget, and not at all while the database is known to be unreachable."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from neo4j import Query, Record
from neo4j.exceptions import ClientError, ConfigurationError, ServiceUnavailable, TransientError

from chokepoint.errors import GraphUnavailable, QueryTimedOut
from chokepoint.graph import async_adapter
from chokepoint.graph.async_adapter import AsyncReadSession, Availability, ReadPolicy
from chokepoint.graph.queries import CypherQuery

QUERY = CypherQuery("probe", "RETURN $x AS x")


class FakeResult:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._keys = tuple(rows[0]) if rows else ()
        self._rows = iter(rows)

    def keys(self) -> tuple[str, ...]:
        return self._keys

    def __aiter__(self) -> FakeResult:
        return self

    async def __anext__(self) -> Record:
        try:
            return Record(next(self._rows))
        except StopIteration:
            raise StopAsyncIteration from None


class FakeDriver:
    """Hands out sessions whose ``run`` raises the queued errors first, then answers."""

    def __init__(self, errors: list[Exception]) -> None:
        self.errors = errors
        self.sessions: list[dict[str, Any]] = []
        self.timeouts: list[float | None] = []

    def session(self, **options: Any) -> FakeSession:
        self.sessions.append(options)
        return FakeSession(self)


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self._driver = driver
        self.closed = False

    async def run(self, query: Query, params: dict[str, Any]) -> FakeResult:
        self._driver.timeouts.append(query.timeout)
        if params.get("hold"):  # a starting server: the query waits for its database
            await asyncio.sleep(60)
        if self._driver.errors:
            raise self._driver.errors.pop(0)
        return FakeResult([{"x": params["x"]}])

    async def close(self) -> None:
        self.closed = True


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(async_adapter, "FIRST_RETRY_DELAY_S", 0.0)


def read(
    driver: FakeDriver,
    policy: ReadPolicy | None = None,
    availability: Availability | None = None,
    **params: Any,
) -> tuple[list[dict[str, Any]], int]:
    async def go() -> tuple[list[dict[str, Any]], int]:
        session = AsyncReadSession(driver, "neo4j", policy, availability)  # type: ignore[arg-type]
        rows = await session.read(QUERY, **params)
        await session.close()
        return rows, session.round_trips

    return asyncio.run(go())


def test_a_read_is_one_auto_commit_query_in_a_read_session():
    driver = FakeDriver([])
    assert read(driver, ReadPolicy(timeout_s=7.0), x=1) == ([{"x": 1}], 1)
    assert driver.sessions == [{"database": "neo4j", "default_access_mode": "READ"}]
    assert driver.timeouts == [7.0]  # the transaction timeout travels with the query


def test_retryable_errors_are_retried_on_a_fresh_session():
    driver = FakeDriver([ServiceUnavailable("gone"), ServiceUnavailable("still gone")])
    assert read(driver, x=2) == ([{"x": 2}], 1)
    assert len(driver.sessions) == 3


def test_other_errors_are_not_retried():
    driver = FakeDriver([ConfigurationError("bad")])
    with pytest.raises(GraphUnavailable, match="bad"):
        read(driver, x=3)
    assert len(driver.sessions) == 1
    driver = FakeDriver([ServiceUnavailable("gone")])
    with pytest.raises(GraphUnavailable, match="gone"):
        read(driver, ReadPolicy(retry_s=0.0), x=4)  # the retry budget is used up at once
    assert len(driver.sessions) == 1


def test_while_the_database_is_unreachable_reads_fail_at_once_until_one_succeeds():
    availability = Availability()
    driver = FakeDriver([ServiceUnavailable("gone")])
    with pytest.raises(GraphUnavailable):
        read(driver, ReadPolicy(retry_s=0.0), availability, x=5)
    assert availability.down
    driver = FakeDriver([ServiceUnavailable("still gone")])
    with pytest.raises(GraphUnavailable, match="still gone"):
        read(driver, ReadPolicy(retry_s=60.0), availability, x=6)  # no retry, whatever the budget
    assert len(driver.sessions) == 1
    assert read(driver, ReadPolicy(retry_s=60.0), availability, x=7) == ([{"x": 7}], 1)
    assert not availability.down


def test_transient_errors_past_the_budget_mean_unavailable_and_a_timeout_is_its_own_error():
    busy = TransientError._hydrate_neo4j(
        code="Neo.TransientError.General.DatabaseUnavailable", message="starting"
    )
    with pytest.raises(GraphUnavailable, match="busy or restarting"):
        read(FakeDriver([busy]), ReadPolicy(retry_s=0.0), x=8)
    timed_out = ClientError._hydrate_neo4j(
        code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", message="terminated"
    )
    with pytest.raises(QueryTimedOut, match="probe ran longer than its 3 s limit") as raised:
        read(FakeDriver([timed_out]), ReadPolicy(timeout_s=3.0), x=9)
    assert raised.value.timeout_s == 3.0


def test_while_the_database_is_down_a_read_waits_briefly_for_a_server_that_holds_it():
    availability = Availability()
    availability.failed()
    driver = FakeDriver([])
    with pytest.raises(GraphUnavailable, match="not answering yet"):
        read(driver, ReadPolicy(down_wait_s=0.05), availability, x=10, hold=True)
    assert availability.down
