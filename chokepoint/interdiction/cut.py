"""The cheapest set of actions that separates every source from every sink: a minimum s-t cut.

Each node ``v`` of the subgraph becomes an arc ``v:in → v:out`` whose capacity is the cost of its
cheapest action; each (undirected) link ``a — b`` becomes the arcs ``a:out → b:in`` and
``b:out → a:in`` of unbounded capacity, or, when an action cuts every link between the two, a node
of its own whose arc costs that (``a:out, b:out → link:in → link:out → a:in, b:in``); a super-source
feeds every source and every sink drains to a super-sink. A minimum cut of that network crosses only
element arcs, and the elements whose arcs it crosses are a minimum-cost set whose removal leaves no
source joined to any sink (max-flow min-cut).

Sources and sinks cannot be cut. Elements no action applies to get a capacity larger than every
action together, so a cut uses one only when no set of actions can separate the two sides; it is then
reported as the uncuttable element the plan leaves (``complete`` is False) and the pairs still
joined are counted by search, not assumed. A source — sink link no action cuts joins that pair
whatever is done; such links are left out of the network and reported the same way.

The subgraph is the union of source → sink walks of at most ``maxHops`` hops; the cut separates every
path of that union, so every walk within the bound (a cut that need only break the short walks, the
length-bounded cut, is NP-hard and can be cheaper; this one is exact for the union it is given).

The max-flow is SciPy's (Dinic's algorithm, compiled): the budgeted plan runs about twenty of them,
and networkx's pure-Python flows took 0.1 to 0.3 s each on the demo's 1,300-node subgraph. SciPy
wants integer capacities: costs are scaled by 1,000 (so costs with up to three decimals stay
exact), by 100, 10, 1, … when the sum of every capacity would not fit 31 bits at 1,000 (whole costs
stay exact down to 1); when the scale would round a cost, the cut is computed by networkx's flow on
floats instead (slower, exact). The uncuttable elements' barrier is a whole number and the budget
search's prices per end are rounded down to the scale's grid (they are a search's, not costs), so a
priced cut is exact for the prices it was given and stays on SciPy's flow.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type information
import numpy as np
from networkx.algorithms.flow import preflow_push  # type: ignore[import-untyped]
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import breadth_first_order, maximum_flow  # type: ignore[import-untyped]

from chokepoint.analysis.projection import Graph

Cost = Callable[[str], float | None]  # a node's action cost, None when it cannot be cut
LinkCost = Callable[[str, str], float | None]  # the cost of cutting every link between two nodes
Element = str | tuple[str, str]  # a node id, or a link: the pair of node ids it joins (a < b)
_SCALE = 1_000  # cost units per capacity unit: three decimals exact
_CAPACITY_LIMIT = 2**31 - 1  # SciPy's capacities are 32-bit integers
_SMALLEST_SCALE = 1e-6  # below it, costs that large go to networkx's flow on floats


@dataclass(frozen=True)
class Cut:
    elements: frozenset[Element]  # the actions' nodes and links
    cost: float
    blocked_by: frozenset[str]  # uncuttable nodes the minimum cut would need: the plan leaves them
    direct_links: tuple[tuple[str, str], ...]  # uncuttable source — sink links, joined whatever is done
    given_up: frozenset[str] = frozenset()  # ends left joined (only with a price per end)

    @property
    def complete(self) -> bool:
        return not self.blocked_by and not self.direct_links


class CutNetwork:
    """The flow network of one subgraph and its costs, built once and cut many times (a budgeted plan
    asks for dozens of cuts between different ends, with different prices per end).

    Vertex ``2i`` is node ``i``'s ``in``, ``2i + 1`` its ``out``; a cuttable link pair gets two
    vertices after the nodes'; the super-source and super-sink come last. Static arcs are kept as
    arrays; each cut adds its ends' arcs and sets the capacities that depend on the question.
    """

    def __init__(self, graph: Graph, cost: Cost, link_cost: LinkCost | None = None) -> None:
        self.nodes = list(graph)
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.costs = [cost(node) for node in self.nodes]
        self.links: dict[tuple[str, str], float] = {}
        if link_cost is not None:
            for a, b in graph.edges():
                price = link_cost(a, b)
                if price is not None:
                    self.links[(a, b) if a < b else (b, a)] = price
        self.link_list = sorted(self.links)
        base = 2 * len(self.nodes)
        self.link_vertex = {pair: base + 2 * i for i, pair in enumerate(self.link_list)}
        self.source_vertex = base + 2 * len(self.link_list)
        self.sink_vertex = self.source_vertex + 1
        tails: list[int] = []
        heads: list[int] = []
        self.plain_links: dict[tuple[str, str], list[int]] = {}  # uncuttable pair -> its arc numbers
        for a, b in graph.edges():
            pair = (a, b) if a < b else (b, a)
            ia, ib = self.index[a], self.index[b]
            if pair in self.links:
                v = self.link_vertex[pair]
                tails += [2 * ia + 1, 2 * ib + 1, v + 1, v + 1]
                heads += [v, v, 2 * ia, 2 * ib]
            else:
                self.plain_links.setdefault(pair, []).extend([len(tails), len(tails) + 1])
                tails += [2 * ia + 1, 2 * ib + 1]
                heads += [2 * ib, 2 * ia]
        self.unbounded_tails = np.array(tails, dtype=np.int64)  # the link arcs: unbounded
        self.unbounded_heads = np.array(heads, dtype=np.int64)
        self.node_costs = np.array([np.nan if c is None else c for c in self.costs], dtype=float)
        self.link_costs = np.array([self.links[p] for p in self.link_list], dtype=float)
        self.total = float(np.nansum(self.node_costs)) + float(self.link_costs.sum())

    def cut(
        self,
        sources: Collection[str],
        sinks: Collection[str],
        give_up: Mapping[str, float] | None = None,
        nearest_sinks: bool = False,
    ) -> Cut:
        """The cheapest cut between ``sources`` and ``sinks`` (see :func:`minimum_cut`): of the
        cheapest cuts, the one nearest the sources, or with ``nearest_sinks`` the one nearest the
        sinks (equal in cost; they differ in what else they disconnect)."""
        present_sources = [node for node in sources if node in self.index]
        present_sinks = [node for node in sinks if node in self.index]
        source_set, sink_set = set(present_sources), set(present_sinks)
        direct = sorted(
            (a, b) if a in source_set else (b, a)
            for a, b in self.plain_links
            if (a in source_set and b in sink_set) or (a in sink_set and b in source_set)
        )
        if not present_sources or not present_sinks:
            return Cut(frozenset(), 0.0, frozenset(), tuple(direct))
        ends = [self.index[node] for node in source_set | sink_set]
        # more than every action and price together; whole, so that every grid keeps it exact
        barrier = float(math.ceil(self.total + sum((give_up or {}).values()))) + 1.0
        node_capacity = np.where(np.isnan(self.node_costs), barrier, self.node_costs)
        node_capacity[ends] = np.inf  # sources and sinks are never cut
        link_unbounded = np.full(len(self.unbounded_tails), np.inf)
        for pair in direct:  # joined whatever is done: out of the network, reported
            link_unbounded[self.plain_links[(min(pair), max(pair))]] = 0.0
        terminal_tails = [self.source_vertex] * len(present_sources) + [
            2 * self.index[t] + 1 for t in present_sinks
        ]
        terminal_heads = [2 * self.index[s] for s in present_sources] + [self.sink_vertex] * len(
            present_sinks
        )
        prices = [np.inf if give_up is None else give_up.get(node, 0.0) for node in present_sources]
        prices += [np.inf if give_up is None else give_up.get(node, 0.0) for node in present_sinks]
        count = len(self.nodes)
        tails = np.concatenate(
            [2 * np.arange(count), self.link_vertex_array(), self.unbounded_tails, terminal_tails]
        )
        heads = np.concatenate(
            [2 * np.arange(count) + 1, self.link_vertex_array() + 1, self.unbounded_heads, terminal_heads]
        )
        capacities = np.concatenate(
            [node_capacity, self.link_costs, link_unbounded, np.array(prices, dtype=float)]
        )
        scale = _grid(capacities)
        if give_up is not None:  # the budget search's prices are not costs: down to the grid, so
            priced = slice(len(capacities) - len(prices), None)  # the barrier stays above them all
            capacities[priced] = np.floor(capacities[priced] * scale) / scale
        reached = _source_side(
            tails,
            heads,
            capacities,
            scale,
            (self.sink_vertex + 1, self.source_vertex, self.sink_vertex),
            nearest_sinks,
        )
        crossed = np.nonzero(reached[2 * np.arange(count)] & ~reached[2 * np.arange(count) + 1])[0]
        blocked = frozenset(self.nodes[i] for i in crossed if self.costs[i] is None)
        chosen: set[Element] = {self.nodes[i] for i in crossed if self.costs[i] is not None}
        link_in = self.link_vertex_array()
        cut_links: list[int] = (
            list(np.nonzero(reached[link_in] & ~reached[link_in + 1])[0]) if len(link_in) else []
        )
        chosen |= {self.link_list[i] for i in cut_links}
        price = sum(self.costs[i] or 0.0 for i in crossed if self.costs[i] is not None)
        price += sum(float(self.link_costs[i]) for i in cut_links)
        given_up: frozenset[str] = frozenset()
        if give_up is not None:
            left = {t for t in present_sinks if reached[2 * self.index[t] + 1]}
            left |= {s for s in present_sources if not reached[2 * self.index[s]]}
            given_up = frozenset(left)
        return Cut(frozenset(chosen), price, blocked, tuple(direct), given_up)

    def link_vertex_array(self) -> np.ndarray:
        base = 2 * len(self.nodes)
        return base + 2 * np.arange(len(self.link_list), dtype=np.int64)


def _grid(capacities: np.ndarray) -> float:
    """Capacity units per cost unit: ``_SCALE``, or a tenth of it as often as the sum of every finite
    capacity needs to fit 31 bits (a power of ten, so whole and decimal costs stay whole on it)."""
    bound = float(capacities[np.isfinite(capacities)].sum()) + 1.0
    scale = float(_SCALE)
    while bound * scale > _CAPACITY_LIMIT // 4 and scale > _SMALLEST_SCALE:
        scale /= 10
    return scale


def _source_side(
    tails: np.ndarray,
    heads: np.ndarray,
    capacities: np.ndarray,
    scale: float,
    vertices: tuple[int, int, int],
    nearest_sink: bool,
) -> np.ndarray:
    """Which vertices a minimum cut leaves on the source's side, as a boolean array: those the
    source reaches in the residual network (the cut nearest the source), or with ``nearest_sink``
    those that cannot reach the sink in it. ``vertices``: how many, the source, the sink. Capacities
    are floats, ``inf`` unbounded; SciPy wants 32-bit integers, so they are multiplied by ``scale``
    (:func:`_grid`)."""
    size, source, sink = vertices
    finite = capacities[np.isfinite(capacities)]
    bound = float(finite.sum()) + 1.0
    if bound * scale > _CAPACITY_LIMIT // 4 or not np.allclose(
        finite * scale, np.round(finite * scale), rtol=0.0, atol=1e-6
    ):
        # the sum of the capacities does not fit 32 bits at a scale that keeps every cost exact (a
        # very large subgraph with many uncuttable elements): networkx's flow on floats instead
        return _source_side_exact(tails, heads, capacities, vertices, nearest_sink)
    unbounded = round(bound * scale) + 1
    scaled = np.where(np.isfinite(capacities), np.round(capacities * scale), unbounded).astype(np.int32)
    # every arc with its reverse (capacity 0), so the flow's matrix and this one share a pattern
    rows, cols = np.concatenate([tails, heads]), np.concatenate([heads, tails])
    data = np.concatenate([scaled, np.zeros_like(scaled)])
    capacity = csr_matrix((data, (rows, cols)), shape=(size, size))
    capacity.sum_duplicates()
    flow = maximum_flow(capacity, source, sink, method="dinic").flow
    residual = (capacity - flow).tocsr()
    residual.data[residual.data < 0] = 0
    residual.eliminate_zeros()
    if nearest_sink:
        reaching = np.zeros(size, dtype=bool)
        backwards = residual.T.tocsr()  # who reaches the sink: the sink's reach, arcs reversed
        reaching[breadth_first_order(backwards, sink, directed=True, return_predecessors=False)] = True
        return ~reaching
    reached = np.zeros(size, dtype=bool)
    reached[breadth_first_order(residual, source, directed=True, return_predecessors=False)] = True
    return reached


def _source_side_exact(
    tails: np.ndarray,
    heads: np.ndarray,
    capacities: np.ndarray,
    vertices: tuple[int, int, int],
    nearest_sink: bool,
) -> np.ndarray:
    """:func:`_source_side` in floating point (networkx's preflow-push): slower, never rounded."""
    size, source, sink = vertices
    network = nx.DiGraph()
    network.add_nodes_from(range(size))
    for tail, head, capacity in zip(tails.tolist(), heads.tolist(), capacities.tolist(), strict=True):
        if network.has_edge(tail, head):
            capacity += network.edges[tail, head]["capacity"]
        network.add_edge(tail, head, capacity=capacity)  # inf: unbounded, as networkx reads it
    residual = preflow_push(network, source, sink)  # a flow, not a preflow: both sides hold
    residual.remove_edges_from(
        [(u, v) for u, v, arc in residual.edges(data=True) if arc["flow"] >= arc["capacity"]]
    )
    reached = np.zeros(size, dtype=bool)
    if nearest_sink:
        reached[:] = True
        reached[[sink, *nx.ancestors(residual, sink)]] = False
    else:
        reached[[source, *nx.descendants(residual, source)]] = True
    return reached


def minimum_cut(
    graph: Graph,
    sources: Collection[str],
    sinks: Collection[str],
    cost: Cost,
    give_up: Mapping[str, float] | None = None,
    link_cost: LinkCost | None = None,
) -> Cut:
    """The cheapest cut of ``graph`` (undirected, networkx) between ``sources`` and ``sinks``.

    ``link_cost(a, b)``: what cutting every link between ``a`` and ``b`` costs (None: it cannot be
    cut; without the function no link can).

    ``give_up``: a price per source and per sink for leaving it joined (its arc from the super-source
    or to the super-sink gets that capacity instead of an unbounded one). The cut then minimises the
    actions' cost plus the prices of the ends left joined (``Cut.given_up``): the budgeted plan's
    Lagrangian form (``planner.py``). Many cuts of one subgraph: build a :class:`CutNetwork` once."""
    return CutNetwork(graph, cost, link_cost).cut(sources, sinks, give_up)


Adjacency = Mapping[str, list[str]]  # node → its neighbours: plain lists walk several times faster


def adjacency_of(graph: Graph) -> dict[str, list[str]]:
    return {node: list(graph.adj[node]) for node in graph}
