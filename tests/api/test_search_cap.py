"""The search cap counts only hits the viewer may see (issue 14).

With the cap lowered to one and two hits, each viewer's ``search`` answers (total and page) on the
full graph equal those of a development viewer on a graph built from its visible records alone: a
hidden element never takes a visible one's place under the cap, and which hits the cap keeps does
not depend on the order in which the files were written.
"""

from __future__ import annotations

import pytest

from chokepoint.api import reads, search
from chokepoint.graph import Graph
from tests.api import oracle
from tests.api.test_caveat_oracle import POLICIES, mismatches

pytestmark = pytest.mark.neo4j


def name_searches(_graph: Graph) -> list[tuple[str, str]]:
    return list(oracle.search_questions(oracle.NAMES))


@pytest.mark.parametrize(("seed", "cap"), [(1, 1), (2, 2), (3, 1)])
def test_the_cap_keeps_the_first_visible_hits(graph, oracle_api, tmp_path, monkeypatch, seed, cap):
    monkeypatch.setattr(reads, "MAX_SEARCH_HITS", cap)
    monkeypatch.setattr(search, "MAX_SEARCH_HITS", cap)
    sources = oracle.random_sources(seed, tmp_path)
    found = mismatches(graph, oracle_api, sources, tmp_path, POLICIES, name_searches)
    assert not found, f"{len(found)} capped searches differ from the visible builds; first: {found[0]}"
