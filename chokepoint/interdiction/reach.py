"""Hop-bounded reachability over one subgraph, many times over: which (source, sink) pairs a set of
cut elements leaves joined, and how near every node is to a source and to a sink.

A plan is weighed by re-asking this after removing candidate actions (dozens of times for a budget).
Breadth-first searches in Python from 50 sources over a 6,000-node subgraph took 0.17 s a time on the
P4 bench; SciPy's compiled searches (``csgraph.dijkstra``, unweighted, bounded by ``max_hops``) over a
sparse matrix of the subgraph, cut elements masked out, take a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np
from scipy.sparse import csr_matrix, diags  # type: ignore[import-untyped]
from scipy.sparse.csgraph import dijkstra  # type: ignore[import-untyped]

from chokepoint.analysis.projection import Graph
from chokepoint.interdiction.cut import Element

Pair = tuple[str, str]


class Reach:
    def __init__(self, graph: Graph, sources: Iterable[str], sinks: Iterable[str], max_hops: int) -> None:
        self.nodes = list(graph)
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.max_hops = max_hops
        self.sources = np.array(
            sorted(self.index[s] for s in set(sources) if s in self.index), dtype=np.int64
        )
        self.sinks = np.array(sorted(self.index[t] for t in set(sinks) if t in self.index), dtype=np.int64)
        ends = [(self.index[a], self.index[b]) for a, b in graph.edges()]
        rows = np.array([a for a, b in ends] + [b for a, b in ends], dtype=np.int64)
        cols = np.array([b for a, b in ends] + [a for a, b in ends], dtype=np.int64)
        size = len(self.nodes)
        self.base = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size))

    def matrix(self, removed: Collection[Element]) -> csr_matrix:
        """The subgraph with ``removed`` nodes and links taken out."""
        if not removed:
            return self.base
        keep = np.ones(len(self.nodes))
        links: list[tuple[int, int]] = []
        for element in removed:
            if isinstance(element, str):
                if element in self.index:
                    keep[self.index[element]] = 0.0
            elif element[0] in self.index and element[1] in self.index:
                links.append((self.index[element[0]], self.index[element[1]]))
        mask = diags(keep)
        cut = mask @ self.base @ mask
        if links:
            rows = [a for a, b in links] + [b for a, b in links]
            cols = [b for a, b in links] + [a for a, b in links]
            hit = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=cut.shape)
            cut = cut - cut.multiply(hit)
        cut.eliminate_zeros()
        return cut

    def joined(self, removed: Collection[Element] = ()) -> np.ndarray:
        """A boolean matrix, sources by sinks: joined within ``max_hops`` avoiding ``removed``."""
        if not len(self.sources) or not len(self.sinks):
            return np.zeros((len(self.sources), len(self.sinks)), dtype=bool)
        hops = dijkstra(
            self.matrix(removed), directed=False, indices=self.sources, unweighted=True, limit=self.max_hops
        )
        found = np.asarray(hops[:, self.sinks] <= self.max_hops)
        found &= self.sources[:, None] != self.sinks[None, :]  # an end is never its own pair
        return found

    def pair_count(self, removed: Collection[Element] = ()) -> int:
        return int(self.joined(removed).sum())

    def pairs(self, removed: Collection[Element] = ()) -> set[Pair]:
        rows, cols = np.nonzero(self.joined(removed))
        return {
            (self.nodes[self.sources[r]], self.nodes[self.sinks[c]]) for r, c in zip(rows, cols, strict=True)
        }

    def nearest(self, starts: np.ndarray, removed: Collection[Element]) -> np.ndarray:
        """Hops from the nearest of ``starts`` to every node (inf beyond ``max_hops``)."""
        if not len(starts):
            return np.full(len(self.nodes), np.inf)
        return np.asarray(
            dijkstra(
                self.matrix(removed),
                directed=False,
                indices=starts,
                unweighted=True,
                limit=self.max_hops,
                min_only=True,
            )
        )

    def on_walks(self, links: Sequence[tuple[str, str]], removed: Collection[Element]) -> np.ndarray:
        """For each link (a, b): whether it lies on a source → sink walk of at most ``max_hops`` hops
        once ``removed`` are cut (as ``bounded_union`` keeps a link)."""
        if not links:
            return np.zeros(0, dtype=bool)
        near_source, near_sink = self.nearest(self.sources, removed), self.nearest(self.sinks, removed)
        a = np.array([self.index[x] for x, _ in links], dtype=np.int64)
        b = np.array([self.index[y] for _, y in links], dtype=np.int64)
        hops = np.minimum(near_source[a] + 1 + near_sink[b], near_source[b] + 1 + near_sink[a])
        return np.asarray(hops <= self.max_hops)
