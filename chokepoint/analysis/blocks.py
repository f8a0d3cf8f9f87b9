"""How many source → sink pairs each node disconnects when removed, in linear time.

Only cut vertices (articulation points) disconnect anything. In the block-cut tree of a connected
component (one tree node per biconnected block and per cut vertex), removing a cut vertex leaves one
piece per neighbouring subtree; the pairs it disconnects are the pairs that were connected minus the
pairs still inside one piece. One traversal of the tree counts the sources and sinks under each node.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type information

from chokepoint.analysis.projection import Graph

Counts = tuple[int, int]  # (sources, sinks)


def pairs_disconnected(graph: Graph, sources: Collection[str], sinks: Collection[str]) -> dict[str, int]:
    """Cut vertex → source/sink pairs (``s != t``) that lose every connection when it is removed.

    Only vertices that disconnect at least one pair are listed.
    """
    result: dict[str, int] = {}
    for component in nx.connected_components(graph):
        total = _weight(component, sources, sinks)
        if total[0] and total[1]:
            result.update(_component_cuts(graph.subgraph(component), sources, sinks, total))
    return result


def _weight(nodes: Collection[Hashable], sources: Collection[str], sinks: Collection[str]) -> Counts:
    return sum(1 for n in nodes if n in sources), sum(1 for n in nodes if n in sinks)


def _component_cuts(
    component: Graph, sources: Collection[str], sinks: Collection[str], total: Counts
) -> dict[str, int]:
    cuts = set(nx.articulation_points(component))
    if not cuts:
        return {}
    tree = nx.Graph()
    own: dict[Hashable, Counts] = {}
    for index, block in enumerate(nx.biconnected_components(component)):
        block_node = ("block", index)
        own[block_node] = _weight([n for n in block if n not in cuts], sources, sinks)
        tree.add_edges_from((block_node, ("cut", v)) for v in block if v in cuts)
    for vertex in cuts:
        own[("cut", vertex)] = _weight([vertex], sources, sinks)
    root = next(iter(tree.nodes))
    parent = nx.dfs_predecessors(tree, root)
    below: dict[Hashable, Counts] = {}
    for node in nx.dfs_postorder_nodes(tree, root):
        s, t = own[node]
        for child in tree.adj[node]:
            if parent.get(child) == node:
                s, t = s + below[child][0], t + below[child][1]
        below[node] = (s, t)
    result: dict[str, int] = {}
    for vertex in cuts:
        node = ("cut", vertex)
        pieces = [below[child] for child in tree.adj[node] if parent.get(child) == node]
        pieces.append((total[0] - below[node][0], total[1] - below[node][1]))
        # a node that is both a source and a sink pairs with itself on both sides: it cancels out
        remaining = (total[0] - own[node][0]) * (total[1] - own[node][1])
        still = sum(s * t for s, t in pieces)
        if remaining - still > 0:
            result[vertex] = remaining - still
    return result
