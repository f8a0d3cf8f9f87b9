"""Shared fixtures. The real Neo4j is started once per run, only when a test asks for it.

With CHOKEPOINT_NEO4J_URI set, tests run against that server instead. A database that cannot be
started or reached fails the run: integration tests are never skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from chokepoint import composition
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.schema import DomainModel
from chokepoint.server import launcher
from chokepoint.settings import PROJECT_ROOT, Settings, load_settings

TEST_INSTANCE_ENV = {
    "CHOKEPOINT_INSTANCE": os.environ.get("CHOKEPOINT_TEST_INSTANCE", "test"),
    "CHOKEPOINT_BOLT_PORT": os.environ.get("CHOKEPOINT_TEST_BOLT_PORT", "7688"),
    "CHOKEPOINT_HEAP_SIZE": "1g",
    "CHOKEPOINT_PAGECACHE_SIZE": "512m",
}


@pytest.fixture(scope="session")
def model() -> DomainModel:
    return composition.model_of(Settings())


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings of the database under test; starts the embedded test instance when needed."""
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("CHOKEPOINT_NEO4J_URI"):
            for key, value in TEST_INSTANCE_ENV.items():
                patch.setenv(key, value)
        settings = load_settings()
        started_here = False
        if settings.embedded:
            started_here = not composition.start_embedded(settings).already_running
        with composition.connect(settings) as graph:
            apply_schema(graph, composition.model_of(settings))
        yield settings
        if started_here:
            launcher.stop(settings)


@pytest.fixture
def graph(neo4j_settings: Settings) -> Iterator[Graph]:
    """A connection to an emptied database with the schema applied."""
    with composition.connect(neo4j_settings) as connection:
        connection.run_autocommit(load_query("delete_all_in_batches"))
        yield connection


@pytest.fixture
def fixtures_dir():
    """Small hand-made files: an OFAC sample and a synthetic case (kept stable for exact assertions)."""
    return PROJECT_ROOT / "tests" / "fixtures"
