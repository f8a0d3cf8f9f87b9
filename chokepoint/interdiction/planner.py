"""An interdiction plan over one subgraph: the cheapest complete cut, or the best cut a budget buys,
after the actions already taken (what-if), with the pairs and money each step stops.

The budgeted plan is the Lagrangian form of the budget: each source or sink left joined costs a
price ``λ`` per pair it is in, and the minimum cut of actions plus prices (``cut.minimum_cut`` with
``give_up``) is exact for that price (a pair whose two ends are both left is priced twice). The
cut's cost grows with ``λ``, so a search for the largest ``λ`` whose cut fits the budget finds a
plan on the lower convex hull of (cost, ends left) that the budget buys; what budget is left is then
spent on single actions, those with the most gain per unit of cost alone first. A gain is the pairs
newly disconnected plus the share of the money stopped (averaged over assets, so between 0 and 1:
one pair outweighs any money, and money decides between actions that disconnect no pair, such as
one of two parallel payment routes). Steps are listed by gain per cost alone, most first, each with
the pairs it newly disconnects in that order.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type information

from chokepoint.analysis.projection import Graph, bounded_union, hop_distances
from chokepoint.analysis.ranking import sample_paths
from chokepoint.interdiction.cut import Adjacency, Cut, CutNetwork, Element, adjacency_of
from chokepoint.interdiction.offers import LinkOffer, Offer, Offers
from chokepoint.interdiction.reach import Reach

Pair = tuple[str, str]
MoneyLinks = Mapping[tuple[str, str], Mapping[str, float]]  # (a, b), a < b → asset → amount
_SEARCH_STEPS = 24  # bisection steps over λ: prices down to 2^-24 of the complete cut's cost
_MAX_END_CUTS = 64  # ends the budgeted plan may cut off whole: one max-flow each


@dataclass(frozen=True)
class Step:
    """One step of the plan: a node or the links between two nodes, what it costs and stops."""

    element: Element  # a node id, or (a, b) for every link between a and b
    offers: tuple[Offer, ...]  # a node's offer, or each link's
    links: tuple[LinkOffer, ...]  # for a link step: each link between the two nodes, with its offer
    cost: float
    pairs_stopped: int  # pairs newly disconnected by this step, the plan's earlier steps taken
    pairs_through: tuple[Pair, ...]  # pairs the plan disconnects that had a walk through the element
    paths: tuple[tuple[str, ...], ...]  # sample source → element → sink paths it severs


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    cost: float
    complete_cost: float  # the cheapest complete cut's (equal to cost when no budget binds)
    budget: float | None
    pairs_joined: int  # before any action, the taken ones included
    pairs_after_taken: int
    residual: tuple[Pair, ...]  # still joined after the plan
    blocked_by: frozenset[str]  # uncuttable nodes a complete cut would need
    direct_links: tuple[Pair, ...]
    money_before: dict[str, float]  # per asset, over money links on some joined walk (after taken)
    money_after: dict[str, float]
    subgraph_nodes: int
    subgraph_links: int

    @property
    def complete(self) -> bool:
        return not self.residual


def make_plan(
    graph: Graph,
    sources: Collection[str],
    sinks: Collection[str],
    offers: Offers,
    money: MoneyLinks,
    max_hops: int,
    budget: float | None = None,
    taken: Collection[Element] = (),
    samples: int = 3,
) -> Plan:
    """The plan over ``graph`` (the bounded union of source → sink walks, as fetched)."""
    joined = Reach(graph, sources, sinks, max_hops).pairs()
    after_taken = _without(graph, sources, sinks, taken, max_hops)
    scale = _Scale(after_taken, sources, sinks, max_hops, money, offers)
    complete = scale.network.cut(sources, sinks)
    if budget is None or complete.cost <= budget:
        chosen = set(complete.elements)
    else:
        chosen = _budgeted(scale, budget, complete)
    order = scale.ordered(chosen)
    residual = scale.reach.pairs(chosen)
    stopped = scale.joined - residual
    steps = tuple(
        Step(
            element,
            _offers_of(offers, element),
            () if isinstance(element, str) else offers.by_pair.get(element, ()),
            scale.cost([element]),
            gain,
            _through(scale.adjacency, element, stopped, max_hops),
            _samples(after_taken, element, sources, sinks, max_hops, samples),
        )
        for element, gain in order
    )
    return Plan(
        steps=steps,
        cost=scale.cost(chosen),
        complete_cost=complete.cost,
        budget=budget,
        pairs_joined=len(joined),
        pairs_after_taken=len(scale.joined),
        residual=tuple(sorted(residual)),
        blocked_by=complete.blocked_by,
        direct_links=complete.direct_links,
        money_before=scale.moving(set()),
        money_after=scale.moving(chosen),
        subgraph_nodes=after_taken.number_of_nodes(),
        subgraph_links=after_taken.number_of_edges(),
    )


def _without(
    graph: Graph,
    sources: Collection[str],
    sinks: Collection[str],
    removed: Collection[Element],
    max_hops: int,
) -> Graph:
    if not removed:
        return graph
    nodes = [e for e in removed if isinstance(e, str) and e in graph]
    links = [e for e in removed if isinstance(e, tuple) and graph.has_edge(*e)]
    return bounded_union(nx.restricted_view(graph, nodes, links), sources, sinks, max_hops)


def _offers_of(offers: Offers, element: Element) -> tuple[Offer, ...]:
    if isinstance(element, str):
        return (offers.by_id[element],)
    return tuple(found.offer for found in offers.by_pair.get(element, ()))


class _Scale:
    """How much a set of actions achieves on one subgraph: pairs left joined and money still moving."""

    def __init__(
        self,
        graph: Graph,
        sources: Collection[str],
        sinks: Collection[str],
        max_hops: int,
        money: MoneyLinks,
        offers: Offers,
    ) -> None:
        self.graph, self.sources, self.sinks, self.max_hops = graph, sources, sinks, max_hops
        self.offers = offers
        self.adjacency = adjacency_of(graph)
        self.reach = Reach(graph, sources, sinks, max_hops)
        self.network = CutNetwork(graph, offers.cost, offers.link_cost)
        self.joined = self.reach.pairs()
        self.money = [
            ((a, b) if a < b else (b, a), amounts)
            for a, b in graph.edges()
            if (amounts := money.get((a, b) if a < b else (b, a)))
        ]
        self.total_money = self.moving(set())
        self._values: dict[frozenset[Element], float] = {}  # value per set of elements cut

    def price(self, element: Element) -> float | None:
        if isinstance(element, str):
            return self.offers.cost(element)
        return self.offers.link_cost(*element)

    def cost(self, elements: Collection[Element]) -> float:
        return sum(self.price(element) or 0.0 for element in elements)

    def moving(self, removed: set[Element]) -> dict[str, float]:
        """Per asset, the amounts on money links still on some joined walk once ``removed`` are cut:
        a link (a, b) is when a source reaches a and b reaches a sink, or the other way, in at most
        ``max_hops`` hops together (as ``bounded_union`` keeps it)."""
        links = [(pair, amounts) for pair, amounts in self.money if not (set(pair) | {pair}) & removed]
        on_walks = self.reach.on_walks([pair for pair, _ in links], removed)
        totals: dict[str, float] = {}
        for (_, amounts), moving in zip(links, on_walks, strict=True):
            if moving:
                for asset, amount in amounts.items():
                    totals[asset] = totals.get(asset, 0.0) + amount
        return dict(sorted(totals.items()))

    def left(self, removed: set[Element]) -> tuple[int, float]:
        """Pairs still joined, and the share of the money still moving (0 to 1, averaged over assets)."""
        pairs = self.reach.pair_count(removed)
        if not self.total_money:
            return pairs, 0.0
        still = self.moving(removed)
        shares = [still.get(asset, 0.0) / total for asset, total in self.total_money.items() if total > 0]
        return pairs, sum(shares) / len(shares) if shares else 0.0

    def value(self, removed: set[Element]) -> float:
        """Pairs disconnected plus the share of money stopped: what a gain is measured in."""
        key = frozenset(removed)
        if key not in self._values:
            self._values[key] = self._value(removed)
        return self._values[key]

    def _value(self, removed: set[Element]) -> float:
        pairs, share = self.left(removed)
        stopped = 1.0 - share if self.total_money else 0.0
        return len(self.joined) - pairs + stopped

    def by_solo_gain(self, elements: Collection[Element]) -> list[Element]:
        """``elements`` by what each achieves alone per cost, most first (then by id): one evaluation
        each, where re-evaluating every candidate after each pick would take one per pair of them."""
        base = self.value(set())
        gains = {e: (self.value({e}) - base) / (self.price(e) or 1.0) for e in elements}
        return sorted(gains, key=lambda e: (-gains[e], str(e)))

    def ordered(self, chosen: set[Element]) -> list[tuple[Element, int]]:
        """``chosen`` by what each step achieves alone per cost, and the pairs each newly disconnects
        in that order (a step that only completes others' cuts shows the pairs it completes)."""
        order = []
        taken: set[Element] = set()
        pairs = len(self.joined)
        for element in self.by_solo_gain(chosen):
            taken.add(element)
            now = self.reach.pair_count(taken)
            order.append((element, pairs - now))
            pairs = now
        return order

    def top_up(self, chosen: set[Element], candidates: list[Element], budget: float) -> set[Element]:
        """Spend what is left of ``budget`` on ``candidates`` (best first), each that fits and gains."""
        chosen = set(chosen)
        value = self.value(chosen)
        for element in candidates:
            price = self.price(element)
            if element in chosen or price is None or self.cost(chosen) + price > budget:
                continue
            gained = self.value(chosen | {element})
            if gained > value + 1e-12:
                chosen.add(element)
                value = gained
        return chosen


def _budgeted(scale: _Scale, budget: float, complete: Cut) -> set[Element]:
    """The best of three starts, topped up with single actions of the complete cut: the cut of the
    largest price that fits ``budget`` (a point of the convex hull of cost against ends left); whole
    ends cut off, the most pairs per cost first (what the hull misses when cutting everything is
    cheaper per pair than cutting off any one end, as in the demo); and the complete cut's own steps
    taken in order while they fit. Best: the most gain, then the lowest cost."""
    starts = [_priced(scale, budget, complete), _isolating(scale, budget)]
    prefix: set[Element] = set()
    for element, _ in scale.ordered(set(complete.elements)):
        if scale.cost(prefix | {element}) > budget:
            break
        prefix.add(element)
    starts.append(frozenset(prefix))
    best = min(
        starts, key=lambda start: (-scale.value(set(start)), scale.cost(start), sorted(map(str, start)))
    )
    return scale.top_up(set(best), scale.by_solo_gain(set(complete.elements) - best), budget)


def _priced(scale: _Scale, budget: float, complete: Cut) -> frozenset[Element]:
    """The cut of the largest price per pair left that fits ``budget`` (bisection over the price)."""
    weight = Counter(end for pair in scale.joined for end in pair)  # pairs each end is in
    low, high = 0.0, complete.cost + 1.0  # at high, leaving any joined end costs more than the cut
    fitting: frozenset[Element] = frozenset()
    for _ in range(_SEARCH_STEPS):
        price = (low + high) / 2
        give_up = {end: price * weight[end] for end in (*scale.sources, *scale.sinks)}
        cut = scale.network.cut(scale.sources, scale.sinks, give_up)
        if cut.cost <= budget:
            low, fitting = price, cut.elements
        else:
            high = price
        if high - low < 1e-9 * (1.0 + high):
            break
    return fitting


def _isolating(scale: _Scale, budget: float) -> frozenset[Element]:
    """Ends cut off whole (each by its own minimum cut against the other side; the ends in the most
    pairs, at most ``_MAX_END_CUTS``), the most pairs newly disconnected per added cost first, while
    the budget allows. Of an end's cheapest cuts, the one farthest from it: nearer the other side,
    its steps are more likely shared with the cuts of other ends (on the demo, a budget of 100 cuts
    off five suppliers so, three with the cuts nearest each supplier)."""
    pairs: dict[str, set[Pair]] = {}
    for pair in scale.joined:
        for end in pair:
            pairs.setdefault(end, set()).add(pair)
    ends = sorted(pairs, key=lambda end: (-len(pairs[end]), end))[:_MAX_END_CUTS]
    sources = set(scale.sources)
    cuts = {}
    for end in ends:
        ones, others = ([end], scale.sinks) if end in sources else (scale.sources, [end])
        cut = scale.network.cut(ones, others, nearest_sinks=end in sources)  # far from the end
        if cut.complete and cut.cost <= budget:
            cuts[end] = cut.elements
    chosen: set[Element] = set()
    done: set[Pair] = set()
    while True:
        best: tuple[float, str] | None = None
        for end, elements in sorted(cuts.items()):
            added = scale.cost(elements - chosen)
            gained = len(pairs[end] - done)
            if gained and scale.cost(chosen) + added <= budget:
                ratio = gained / added if added else float("inf")
                if best is None or ratio > best[0]:
                    best = (ratio, end)
        if best is None:
            return frozenset(chosen)
        chosen |= cuts.pop(best[1])
        done |= pairs[best[1]]


def _through(adjacency: Adjacency, element: Element, stopped: set[Pair], max_hops: int) -> tuple[Pair, ...]:
    """The stopped pairs with a walk of at most ``max_hops`` hops through ``element``."""
    far = max_hops + 1
    if isinstance(element, str):
        distance = hop_distances(adjacency, [element], max_hops)
        return tuple(
            sorted((s, t) for s, t in stopped if distance.get(s, far) + distance.get(t, far) <= max_hops)
        )
    a, b = element
    from_a = hop_distances(adjacency, [a], max_hops)
    from_b = hop_distances(adjacency, [b], max_hops)

    def across(s: str, t: str) -> int:
        return min(from_a.get(s, far) + 1 + from_b.get(t, far), from_b.get(s, far) + 1 + from_a.get(t, far))

    return tuple(sorted((s, t) for s, t in stopped if across(s, t) <= max_hops))


def _samples(
    graph: Graph,
    element: Element,
    sources: Collection[str],
    sinks: Collection[str],
    max_hops: int,
    samples: int,
) -> tuple[tuple[str, ...], ...]:
    """Sample source → element → sink paths: through a node, or across a link (a, b) either way."""
    if isinstance(element, str):
        return sample_paths(graph, element, sources, sinks, max_hops, samples)
    a, b = element
    found = []
    for path in sample_paths(graph, a, sources, sinks, max_hops, samples * 4):
        hops = set(itertools.pairwise(path))
        if (a, b) in hops or (b, a) in hops:
            found.append(path)
    return tuple(found[:samples])
