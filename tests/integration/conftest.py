"""Helpers for integration tests that load real sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chokepoint import composition
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.ingest.registry import opener
from chokepoint.ingest.service import ingest_source
from chokepoint.ingest.source import Options
from chokepoint.ingest.writer import IngestReport
from chokepoint.settings import PROJECT_ROOT, load_settings

SHARED = Path(os.environ.get("CHOKEPOINT_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def shared_file(relative: str) -> Path:
    """A file from ../shared/data; its absence fails the test (the data is part of the checkout's setting)."""
    path = SHARED / relative
    assert path.exists(), f"{path} is missing: the tests read the real public data from ../shared/data"
    return path


def load(graph: Graph, source: str, path: Path, tmp: Path, **options: object) -> list[IngestReport]:
    model = composition.model_of(load_settings())
    parsed = opener(source)(path, Options(**options))  # type: ignore[arg-type]
    return [ingest_source(graph, model, p, tmp / "rejects.jsonl") for p in parsed]


def scalar(graph: Graph, text: str, **params: object) -> object:
    rows = graph.read(CypherQuery("test", text), **params)
    assert len(rows) == 1 and len(rows[0]) == 1, rows
    return next(iter(rows[0].values()))


@pytest.fixture(scope="module")
def module_graph(neo4j_settings):
    """One emptied database for a whole module (for tests that share one expensive load)."""
    with composition.connect(neo4j_settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        yield graph
