"""Fixtures of the API tests: a small hand-made case loaded through the records format, the schema
run in-process against the real Neo4j, and the HTTP server on a free port.

The Neo4j fixtures (``neo4j_settings``, ``model``) come from ``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import strawberry
import uvicorn

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.api.context import request_context
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.schema import build_registry, build_schema
from chokepoint.api.viewer import Viewer
from chokepoint.deconfliction.notices import NoticeBook
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query
from chokepoint.settings import Settings
from tests.integration.conftest import load

DATA = Path(__file__).parent / "data"
# DEA's LES records are visible to DEA; a partner without that grant sees only PUBLIC records.
GRANTED = Viewer.of("DEA", ["DEA|LES"])
PUBLIC_ONLY = Viewer.of("CBP", ["CBP|LES"])


@dataclass(frozen=True)
class Outcome:
    data: dict[str, Any] | None
    errors: list[str]
    round_trips: int


class InProcessApi:
    """Runs operations with ``schema.execute`` against the real database, one context each."""

    def __init__(
        self,
        settings: Settings,
        schema: strawberry.Schema,
        registry: TypeRegistry,
        pointers: PointerRule | None = None,
    ) -> None:
        self._settings = settings
        self._schema = schema
        self._registry = registry
        self.pointers = pointers  # deconfliction opt-ins (None: off)

    def run(self, query: str, viewer: Viewer = GRANTED, **variables: Any) -> Outcome:
        return asyncio.run(self._run(query, viewer, variables))

    async def _run(self, query: str, viewer: Viewer, variables: dict[str, Any]) -> Outcome:
        user, password = composition.credentials(self._settings)
        graph = await AsyncGraph.connect(
            self._settings.bolt_uri, user, password, self._settings.neo4j_database
        )
        try:
            context = request_context(graph, self._registry, viewer, pointers=self.pointers)
            try:
                result = await self._schema.execute(query, variable_values=variables, context_value=context)
            finally:
                await context.close()
            if self.pointers is not None and context.touches:  # as GraphQLApp does once it has answered
                await NoticeBook(graph, self.pointers).record(viewer.agency, context.touches)
            errors = [error.message for error in result.errors or []]
            return Outcome(data=result.data, errors=errors, round_trips=context.round_trips)
        finally:
            await graph.close()


@pytest.fixture(scope="session")
def api_registry(model) -> TypeRegistry:
    return build_registry(model)


@pytest.fixture(scope="module")
def case_db(neo4j_settings, tmp_path_factory) -> Settings:
    """The hand-made case (public OFAC records, and DEA LES records) in an emptied database."""
    with composition.connect(neo4j_settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        tmp = tmp_path_factory.mktemp("api-case")
        for name in ("public.json", "restricted.json"):
            for report in load(graph, "records", DATA / name, tmp):
                assert not report.rejected, report.rejected
    return neo4j_settings


@pytest.fixture(scope="module")
def api(case_db, api_registry) -> InProcessApi:
    return InProcessApi(case_db, build_schema(api_registry), api_registry)


@pytest.fixture
def oracle_api(graph, neo4j_settings, api_registry) -> InProcessApi:
    """An in-process API over the emptied test database, for the caveat oracles (which build it)."""
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served_app(app: Any, name: str = "api-test-server", ws: str = "none") -> Iterator[str]:
    """``app`` on uvicorn in a background thread, on a free loopback port; its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws=ws, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def api_url(case_db) -> Iterator[str]:
    """``chokepoint serve``'s app on uvicorn in a background thread, on a free loopback port."""
    with served_app(create_app(case_db)) as url:
        yield url
