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
exact), less only when the sum of every capacity would not fit 31 bits.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import breadth_first_order, maximum_flow  # type: ignore[import-untyped]

from chokepoint.analysis.projection import Graph

Cost = Callable[[str], float | None]  # a node's action cost, None when it cannot be cut
LinkCost = Callable[[str, str], float | None]  # the cost of cutting every link between two nodes
Element = str | tuple[str, str]  # a node id, or a link: the pair of node ids it joins (a < b)
_SCALE = 1_000  # cost units per capacity unit: three decimals exact
_CAPACITY_LIMIT = 2**31 - 1  # SciPy's capacities are 32-bit integers


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


class _Network:
    """The flow network: vertices numbered as added, arcs with float capacities (None: unbounded)."""

    def __init__(self) -> None:
        self.index: dict[object, int] = {}
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.capacities: list[float | None] = []

    def vertex(self, key: object) -> int:
        return self.index.setdefault(key, len(self.index))

    def arc(self, tail: object, head: object, capacity: float | None = None) -> None:
        self.tails.append(self.vertex(tail))
        self.heads.append(self.vertex(head))
        self.capacities.append(capacity)

    def source_side(self, source: object, sink: object) -> set[object]:
        """The vertices on the source's side of a minimum cut (reachable in the residual network)."""
        finite = [c for c in self.capacities if c is not None]
        bound = sum(finite) + 1.0
        scale = min(float(_SCALE), (_CAPACITY_LIMIT // 4) / bound)
        unbounded = round(bound * scale) + 1
        scaled = np.array(
            [unbounded if c is None else round(c * scale) for c in self.capacities], dtype=np.int32
        )
        size = len(self.index)
        tails, heads = np.array(self.tails, dtype=np.int32), np.array(self.heads, dtype=np.int32)
        # every arc with its reverse (capacity 0), so the flow's matrix and this one share a pattern
        rows, cols = np.concatenate([tails, heads]), np.concatenate([heads, tails])
        data = np.concatenate([scaled, np.zeros_like(scaled)])
        capacity = csr_matrix((data, (rows, cols)), shape=(size, size))
        capacity.sum_duplicates()
        flow = maximum_flow(capacity, self.index[source], self.index[sink], method="dinic").flow
        residual = (capacity - flow).tocsr()
        residual.data[residual.data < 0] = 0
        residual.eliminate_zeros()
        reached = breadth_first_order(residual, self.index[source], directed=True, return_predecessors=False)
        keys = list(self.index)
        return {keys[i] for i in reached}


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
    Lagrangian form (``planner.py``)."""
    ends = set(sources) | set(sinks)
    finite = {node: cost(node) for node in graph if node not in ends}
    links = {}
    if link_cost is not None:
        for a, b in graph.edges():
            price = link_cost(a, b)
            if price is not None:
                links[(a, b) if a < b else (b, a)] = price
    total = sum(c for c in finite.values() if c is not None) + sum(links.values())
    barrier = total + sum((give_up or {}).values()) + 1.0  # more than every action and price together
    network = _Network()
    source, sink = ("super", "source"), ("super", "sink")  # tuples: never equal to an id (a string)
    for node, capacity in finite.items():
        network.arc((node, "in"), (node, "out"), barrier if capacity is None else capacity)
    for node in ends:
        network.arc((node, "in"), (node, "out"))
    direct = []
    for a, b in graph.edges():
        pair = (a, b) if a < b else (b, a)
        if pair in links:
            network.arc((pair, "in"), (pair, "out"), links[pair])
            for x in pair:
                network.arc((x, "out"), (pair, "in"))
                network.arc((pair, "out"), (x, "in"))
            continue
        if (a in sources and b in sinks) or (a in sinks and b in sources):
            direct.append((a, b) if a in sources else (b, a))
            continue
        network.arc((a, "out"), (b, "in"))
        network.arc((b, "out"), (a, "in"))
    present_sources = [node for node in sources if node in graph]
    present_sinks = [node for node in sinks if node in graph]
    if not present_sources or not present_sinks:
        return Cut(frozenset(), 0.0, frozenset(), tuple(sorted(direct)))
    for node in present_sources:
        network.arc(source, (node, "in"), None if give_up is None else give_up.get(node, 0.0))
    for node in present_sinks:
        network.arc((node, "out"), sink, None if give_up is None else give_up.get(node, 0.0))
    reachable = network.source_side(source, sink)
    crossed = {node for node in finite if (node, "in") in reachable and (node, "out") not in reachable}
    blocked = frozenset(node for node in crossed if finite[node] is None)
    chosen: set[Element] = set(crossed - blocked)
    chosen |= {pair for pair in links if (pair, "in") in reachable and (pair, "out") not in reachable}
    price = sum(finite[n] or 0.0 for n in crossed - blocked) + sum(links[p] for p in chosen if p in links)
    given_up: frozenset[str] = frozenset()
    if give_up is not None:
        left = {t for t in present_sinks if (t, "out") in reachable}
        left |= {s for s in present_sources if (s, "in") not in reachable}
        given_up = frozenset(left)
    return Cut(frozenset(chosen), price, blocked, tuple(sorted(direct)), given_up)


Adjacency = Mapping[str, list[str]]  # node → its neighbours: plain lists walk several times faster


def adjacency_of(graph: Graph) -> dict[str, list[str]]:
    return {node: list(graph.adj[node]) for node in graph}


def joined_pairs(
    adjacency: Adjacency,
    sources: Iterable[str],
    sinks: Collection[str],
    removed: Collection[Element],
    max_hops: int,
) -> set[tuple[str, str]]:
    """(source, sink) pairs still joined by a walk of at most ``max_hops`` hops avoiding ``removed``
    (node ids, and links as ``(a, b)`` pairs with ``a < b``)."""
    sink_set = set(sinks)
    gone = set(removed)
    pairs = set()
    for source in sources:
        if source not in adjacency or source in gone:
            continue
        for node in hop_distances(adjacency, [source], gone, max_hops):
            if node in sink_set and node != source:
                pairs.add((source, node))
    return pairs


def hop_distances(
    adjacency: Adjacency, starts: Iterable[str], removed: set[Element], max_hops: int
) -> dict[str, int]:
    """Hops from the nearest of ``starts`` to every node within ``max_hops``, avoiding ``removed``."""
    distance = {start: 0 for start in starts if start in adjacency and start not in removed}
    queue = deque(distance)
    cut_links = any(isinstance(element, tuple) for element in removed)
    while queue:
        node = queue.popleft()
        hops = distance[node]
        if hops == max_hops:
            continue
        for neighbour in adjacency[node]:
            if neighbour in distance or neighbour in removed:
                continue
            if cut_links and ((node, neighbour) if node < neighbour else (neighbour, node)) in removed:
                continue
            distance[neighbour] = hops + 1
            queue.append(neighbour)
    return distance
