"""The union of bounded source → sink walks, from a fetched neighbourhood.

The API fetches the neighbourhood of the sources (``ceil(k/2)`` hops) and of the sinks
(``floor(k/2)`` hops): every walk of at most ``k`` hops between them lies inside, edges included.
:func:`bounded_union` then keeps exactly the nodes and edges that lie on such a walk.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type information

Graph = Any  # networkx.Graph (untyped library)


def build_graph(nodes: Mapping[str, Any], links: Iterable[tuple[str, str, Any]]) -> Graph:
    """An undirected simple graph: ``nodes`` id → payload, links ``(start, end, payload)``.

    Parallel relationships between two nodes become one edge whose ``links`` attribute lists every
    payload (the first is the one shown on paths); self-loops are dropped (they join nothing).
    """
    graph = nx.Graph()
    for node_id, payload in nodes.items():
        graph.add_node(node_id, payload=payload)
    for start, end, payload in links:
        if start == end:
            continue
        if graph.has_edge(start, end):
            graph.edges[start, end]["links"].append(payload)
        else:
            graph.add_edge(start, end, links=[payload])
    return graph


def hop_distances(
    neighbours: Graph | Mapping[Any, Iterable[Any]], starts: Iterable[Hashable], cutoff: int
) -> dict[Hashable, int]:
    """Breadth-first hop count from the nearest of ``starts``, up to ``cutoff`` hops, over a networkx
    graph or a plain mapping of each node to its neighbours (the interdiction planner's: plain lists
    walk several times faster)."""
    distance = {start: 0 for start in starts if start in neighbours}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        if distance[node] == cutoff:
            continue
        for neighbour in neighbours[node]:
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                queue.append(neighbour)
    return distance


def bounded_union(graph: Graph, sources: Collection[str], sinks: Collection[str], max_hops: int) -> Graph:
    """The nodes and edges on some walk of at most ``max_hops`` hops from a source to a sink."""
    from_sources = hop_distances(graph, sources, max_hops)
    to_sinks = hop_distances(graph, sinks, max_hops)

    def on_walk(a: Hashable, b: Hashable) -> bool:
        if a not in from_sources or b not in to_sinks:
            return False
        return from_sources[a] + 1 + to_sinks[b] <= max_hops

    kept = nx.Graph()
    kept.add_nodes_from(
        (node, graph.nodes[node])
        for node, hops in from_sources.items()
        if node in to_sinks and hops + to_sinks[node] <= max_hops
    )
    kept.add_edges_from(
        (a, b, data) for a, b, data in graph.edges(data=True) if on_walk(a, b) or on_walk(b, a)
    )
    return kept
