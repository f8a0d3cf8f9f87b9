"""The API's reads without a database: one auto-commit query each, retried like a managed transaction."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from neo4j import Record
from neo4j.exceptions import ConfigurationError, ServiceUnavailable

from chokepoint.errors import GraphUnavailable
from chokepoint.graph import async_adapter
from chokepoint.graph.async_adapter import AsyncReadSession
from chokepoint.graph.queries import CypherQuery

QUERY = CypherQuery("probe", "RETURN $x AS x")


class FakeResult:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = iter(rows)

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

    def session(self, **options: Any) -> FakeSession:
        self.sessions.append(options)
        return FakeSession(self)


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self._driver = driver
        self.closed = False

    async def run(self, text: str, params: dict[str, Any]) -> FakeResult:
        if self._driver.errors:
            raise self._driver.errors.pop(0)
        return FakeResult([{"x": params["x"]}])

    async def close(self) -> None:
        self.closed = True


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(async_adapter, "FIRST_RETRY_DELAY_S", 0.0)


def read(driver: FakeDriver, **params: Any) -> tuple[list[dict[str, Any]], int]:
    async def go() -> tuple[list[dict[str, Any]], int]:
        session = AsyncReadSession(driver, "neo4j")  # type: ignore[arg-type]
        rows = await session.read(QUERY, **params)
        await session.close()
        return rows, session.round_trips

    return asyncio.run(go())


def test_a_read_is_one_auto_commit_query_in_a_read_session():
    driver = FakeDriver([])
    assert read(driver, x=1) == ([{"x": 1}], 1)
    assert driver.sessions == [{"database": "neo4j", "default_access_mode": "READ"}]


def test_retryable_errors_are_retried_on_a_fresh_session():
    driver = FakeDriver([ServiceUnavailable("gone"), ServiceUnavailable("still gone")])
    assert read(driver, x=2) == ([{"x": 2}], 1)
    assert len(driver.sessions) == 3


def test_other_errors_are_not_retried(monkeypatch):
    driver = FakeDriver([ConfigurationError("bad")])
    with pytest.raises(GraphUnavailable, match="bad"):
        read(driver, x=3)
    assert len(driver.sessions) == 1
    monkeypatch.setattr(async_adapter, "MAX_RETRY_S", -1.0)  # the retry time is used up at once
    driver = FakeDriver([ServiceUnavailable("gone")])
    with pytest.raises(GraphUnavailable, match="gone"):
        read(driver, x=4)
