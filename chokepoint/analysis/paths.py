"""Counting bounded shortest source → sink paths, and how many pass through each node.

For each source, one breadth-first search (to ``max_hops``) gives the number of shortest paths to
every node (``sigma``); walking the search order backwards gives, per node, the number of shortest
continuations to the sinks (``onward``). A node ``v`` then lies on ``sigma[v] * onward_strict[v]``
shortest paths from that source to a sink: Brandes' accumulation, with counts instead of fractions.
The same walk accumulates the fractions too (``dependency``): per (source, sink) pair, the share of
its shortest paths through the node, summed - networkx's ``betweenness_centrality_subset`` bounded
to ``max_hops`` hops and not halved (the unit tests compare the two).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection
from dataclasses import dataclass

from chokepoint.analysis.projection import Graph


@dataclass(frozen=True)
class PathCounts:
    """Shortest source → sink paths of at most ``max_hops`` hops, and how many cross each node."""

    total: int  # every such path, over every (source, sink) pair with source != sink
    pairs: int  # (source, sink) pairs joined within max_hops
    through: Counter[str]  # node → paths that have it strictly inside
    betweenness: dict[str, float]  # node → summed share of each pair's shortest paths through it


def count_paths(graph: Graph, sources: Collection[str], sinks: Collection[str], max_hops: int) -> PathCounts:
    through: Counter[str] = Counter()
    betweenness: dict[str, float] = {}
    total = pairs = 0
    for source in sources:
        if source not in graph:
            continue
        order, distance, sigma = _search(graph, source, max_hops)
        onward: dict[str, int] = {}
        dependency: dict[str, float] = {}
        for node in reversed(order):
            ends_here = 1 if node in sinks and node != source else 0
            successors = [nxt for nxt in graph.adj[node] if distance.get(nxt) == distance[node] + 1]
            onward[node] = ends_here + sum(onward[nxt] for nxt in successors)
            dependency[node] = sum(
                sigma[node] / sigma[nxt] * ((1 if nxt in sinks else 0) + dependency[nxt])
                for nxt in successors
            )
            if node != source:
                through[node] += sigma[node] * (onward[node] - ends_here)
                if dependency[node]:
                    betweenness[node] = betweenness.get(node, 0.0) + dependency[node]
            pairs += ends_here
        total += onward[source]
    return PathCounts(total=total, pairs=pairs, through=+through, betweenness=betweenness)


def _search(graph: Graph, source: str, max_hops: int) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """Breadth-first order, hop distance and shortest-path count from ``source``."""
    order: list[str] = []
    distance = {source: 0}
    sigma = {source: 1}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        order.append(node)
        if distance[node] == max_hops:
            continue
        for nxt in graph.adj[node]:
            if nxt not in distance:
                distance[nxt] = distance[node] + 1
                sigma[nxt] = 0
                queue.append(nxt)
            if distance[nxt] == distance[node] + 1:
                sigma[nxt] += sigma[node]
    return order, distance, sigma
