"""The chokepoint use case over in-memory reads: the same answer as the algorithms, computed on a worker
thread so the event loop stays free for other requests while networkx runs."""

import asyncio
import itertools
import threading
from collections.abc import Sequence

from chokepoint.analysis import ranking
from chokepoint.analysis.service import ChokepointQuestion, find_chokepoints

# s - broker - t, and a second, longer way s - x - y - t: the broker is on every shortest path.
LINKS = {("broker", "s"), ("broker", "t"), ("s", "x"), ("x", "y"), ("t", "y")}


class MemoryReads:
    """The service's reads over a fixed undirected graph (what GraphReads answers from Neo4j)."""

    async def supply_ends(self, sources: list[str], sinks: list[str]) -> tuple[list[str], list[str]]:
        return sources or ["s"], sinks or ["t"]

    async def chain_floors_hold(self, sources, sinks, rel_types, max_hops) -> bool:
        return False

    async def expand_projection(
        self, ids: Sequence[str], rel_types: list[str], max_degree: int, toward=None
    ) -> list:
        return [
            {"id": node, "degree": len(around), "neighbours": around}
            for node in ids
            for around in [sorted({a if b == node else b for a, b in LINKS if node in (a, b)})]
        ]

    async def links(self, pairs: Sequence[tuple[str, str]], rel_types: list[str]) -> dict:
        return {pair: {"startId": pair[0], "type": "LINK"} for pair in pairs if tuple(sorted(pair)) in LINKS}


def test_the_ranking_runs_off_the_event_loop_and_matches_the_algorithms(monkeypatch):
    threads: list[int] = []
    real_analyse = ranking.analyse

    def watched(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(ranking, "analyse", watched)
    question = ChokepointQuestion([], [], max_hops=3, rel_types=["LINK"], offset=0, count=5, samples=2)

    async def ask() -> tuple[int, object]:
        return threading.get_ident(), await find_chokepoints(MemoryReads(), question)

    loop_thread, findings = asyncio.run(ask())
    assert threads and loop_thread not in threads  # networkx ran on a worker thread
    ranked = [found.node for found in findings.page]
    assert ranked[0] == "broker"
    assert findings.page == findings.analysis.chokepoints[:5]
    assert findings.samples["broker"] == (("s", "broker", "t"),)
    paths = [path for sampled in findings.samples.values() for path in sampled]
    hops = {pair for path in paths for pair in itertools.pairwise(path)}
    assert set(findings.links) == hops and ("s", "broker") in hops  # every hop of the page's sample paths
    assert (findings.subgraph_nodes, findings.subgraph_relationships) == (5, 5)
