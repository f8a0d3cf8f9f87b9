"""Force-directed positions for a chart that is not a supply chain (a neighbourhood, a cluster of
wallets, a network of associates), where columns by role would say nothing.

networkx's ``spring_layout`` (Fruchterman-Reingold) places linked nodes near each other. It needs
the whole chart before the first node is written, and its cost grows with the square of the nodes
(about 0.4 s for 500 nodes, 50 iterations, here; 10 s for 2,000), so only charts of at most
:data:`FORCE_MAX_NODES` nodes get it; larger ones keep the layered layout, which streams. A fixed
seed makes the same chart come out the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type information

from chokepoint.exports.subgraph import ExportNode

FORCE_MAX_NODES = 500
NODE_SPACING = 80.0  # chart units per node along each axis, on average
_ITERATIONS = 50
_SEED = 7


class ForceLayout:
    """Positions computed once for the chart's nodes (a node not among them: the origin)."""

    def __init__(self, positions: dict[str, tuple[float, float]]) -> None:
        self._positions = positions

    @classmethod
    def of(cls, ids: Sequence[str], links: Iterable[tuple[str, str]]) -> ForceLayout:
        graph = nx.Graph()
        graph.add_nodes_from(ids)
        graph.add_edges_from((source, target) for source, target in links if source != target)
        if len(ids) <= 1:
            return cls(dict.fromkeys(ids, (0.0, 0.0)))
        scale = NODE_SPACING * math.sqrt(len(ids))
        placed = nx.spring_layout(graph, iterations=_ITERATIONS, seed=_SEED, scale=scale)
        return cls({str(node): (round(float(x), 1), round(float(y), 1)) for node, (x, y) in placed.items()})

    def position(self, node: ExportNode) -> tuple[float, float]:
        return self._positions.get(node.id, (0.0, 0.0))
