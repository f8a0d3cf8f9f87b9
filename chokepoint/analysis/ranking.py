"""Rank the nodes whose removal cuts the most source → sink connections of a projected subgraph.

Three measures per node (sources and sinks themselves are never candidates):

- ``in_minimum_cut``: member of a minimum vertex cut between all sources (contracted into one
  super-source) and all sinks (one super-sink): the fewest nodes whose removal separates every
  source from every sink. Pairs joined directly, or only through other sources and sinks, cannot be
  cut by removing an intermediary; they are counted in ``uncuttable_links``.
- ``pairs_disconnected``: (source, sink) pairs that lose every connection when the node is removed.
- ``paths_cut``: shortest source → sink paths of at most ``max_hops`` hops through the node.
- ``betweenness``: betweenness restricted to source → sink pairs within ``max_hops`` (per pair, the
  share of its shortest paths through the node, summed; ``paths.py``).

The ranking is by pairs disconnected, then membership of the minimum cut, then paths cut, then
betweenness, then id: removing the first node does the most certain damage.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type information
from networkx.algorithms.connectivity import minimum_st_node_cut  # type: ignore[import-untyped]

from chokepoint.analysis.blocks import pairs_disconnected
from chokepoint.analysis.paths import count_paths
from chokepoint.analysis.projection import Graph

_SUPER_SOURCE = ("super", "source")  # tuples: never equal to a node id (ids are strings)
_SUPER_SINK = ("super", "sink")


@dataclass(frozen=True)
class Chokepoint:
    node: str
    in_minimum_cut: bool
    pairs_disconnected: int
    paths_cut: int
    betweenness: float


@dataclass(frozen=True)
class Analysis:
    chokepoints: tuple[Chokepoint, ...]  # ranked; every candidate with a non-zero measure
    minimum_cut: frozenset[str]
    connected_pairs: int  # (source, sink) pairs joined within max_hops
    paths: int  # shortest source → sink paths within max_hops, over those pairs
    uncuttable_links: int  # links joining the sources' side to the sinks' side directly


def analyse(graph: Graph, sources: Collection[str], sinks: Collection[str], max_hops: int) -> Analysis:
    """Chokepoints of ``graph`` (undirected) between ``sources`` and ``sinks``.

    Ask :func:`sample_paths` for the paths a chokepoint cuts (one search per chokepoint shown).
    """
    sources = frozenset(s for s in sources if s in graph)
    sinks = frozenset(t for t in sinks if t in graph)
    cut, uncuttable = minimum_cut(graph, sources, sinks)
    disconnected = pairs_disconnected(graph, sources, sinks)
    counts = count_paths(graph, sources, sinks, max_hops)
    between = counts.betweenness
    ends = sources | sinks
    candidates = (set(cut) | set(disconnected) | set(counts.through)) - ends
    ranked = sorted(
        candidates,
        key=lambda n: (
            -disconnected.get(n, 0),
            n not in cut,
            -counts.through.get(n, 0),
            -between.get(n, 0.0),
            n,
        ),
    )
    chokepoints = tuple(
        Chokepoint(
            node=node,
            in_minimum_cut=node in cut,
            pairs_disconnected=disconnected.get(node, 0),
            paths_cut=counts.through.get(node, 0),
            betweenness=float(between.get(node, 0.0)),
        )
        for node in ranked
    )
    return Analysis(chokepoints, frozenset(cut), counts.pairs, counts.total, uncuttable)


def minimum_cut(graph: Graph, sources: frozenset[str], sinks: frozenset[str]) -> tuple[set[str], int]:
    """A minimum vertex cut between the contracted sources and sinks, and the uncuttable links."""
    contracted = nx.Graph()
    uncuttable = 0
    for a, b in graph.edges:
        ca, cb = _side(a, sources, sinks), _side(b, sources, sinks)
        if {ca, cb} == {_SUPER_SOURCE, _SUPER_SINK}:
            uncuttable += 1
        elif ca != cb:
            contracted.add_edge(ca, cb)
    if _SUPER_SOURCE not in contracted or _SUPER_SINK not in contracted:
        return set(), uncuttable
    if not nx.has_path(contracted, _SUPER_SOURCE, _SUPER_SINK):
        return set(), uncuttable
    return set(minimum_st_node_cut(contracted, _SUPER_SOURCE, _SUPER_SINK)), uncuttable


def _side(node: str, sources: frozenset[str], sinks: frozenset[str]) -> Hashable:
    if node in sources:
        return _SUPER_SOURCE
    return _SUPER_SINK if node in sinks else node


def sample_paths(
    graph: Graph,
    node: str,
    sources: Collection[str],
    sinks: Collection[str],
    max_hops: int,
    samples: int,
) -> tuple[tuple[str, ...], ...]:
    """Up to ``samples`` shortest source → ``node`` → sink paths (≤ ``max_hops``), shortest first."""
    if samples <= 0:
        return ()
    routes = nx.single_source_shortest_path(graph, node, cutoff=max_hops)
    near_sources = sorted((len(routes[s]), s) for s in sources if s in routes)
    near_sinks = sorted((len(routes[t]), t) for t in sinks if t in routes)
    found: list[tuple[str, ...]] = []
    for s_len, source in near_sources:
        for t_len, sink in near_sinks:
            if s_len + t_len - 2 > max_hops or len(found) >= samples:
                break
            path = (*reversed(routes[source]), *routes[sink][1:])
            if len(set(path)) == len(path):
                found.append(path)
        if len(found) >= samples:
            break
    return tuple(sorted(found, key=len))
