"""The planner's cut against independent solvers: brute force on small graphs, networkx's max-flow on
larger ones; and the plan's claims (pairs left, budget, order) checked by plain search."""

from __future__ import annotations

import itertools
import random
from collections import deque

import networkx as nx
import pytest

from chokepoint.interdiction.catalogue import Action, Rule
from chokepoint.interdiction.cut import minimum_cut
from chokepoint.interdiction.offers import Offer, Offers
from chokepoint.interdiction.planner import make_plan
from chokepoint.interdiction.reach import Reach


def random_case(seed: int, nodes: int, edges: int, ends: int) -> tuple[nx.Graph, list[str], list[str], dict]:
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    graph = nx.gnm_random_graph(nodes, edges, seed=seed)
    graph = nx.relabel_nodes(graph, {n: f"n{n:03d}" for n in graph})
    names = sorted(graph)
    rng.shuffle(names)
    sources, sinks = sorted(names[:ends]), sorted(names[ends : 2 * ends])
    costs = {n: (None if rng.random() < 0.15 else float(rng.randint(1, 9))) for n in names[2 * ends :]}
    return graph, sources, sinks, costs


def connected(graph: nx.Graph, sources: list[str], sinks: list[str], removed: set) -> set[tuple[str, str]]:
    """Plain BFS: the (source, sink) pairs joined avoiding ``removed`` (nodes, and links as sorted
    pairs), any length."""
    found = set()
    for source in sources:
        seen, queue = {source}, deque([source])
        while queue:
            node = queue.popleft()
            for nxt in graph.adj[node]:
                if nxt not in seen and nxt not in removed and tuple(sorted((node, nxt))) not in removed:
                    seen.add(nxt)
                    queue.append(nxt)
        found |= {(source, t) for t in sinks if t in seen and t != source}
    return found


def brute_force(graph, sources, sinks, costs) -> float | None:
    """The cheapest set of cuttable nodes leaving no pair joined; None when no set does."""
    cuttable = sorted(n for n, c in costs.items() if c is not None)
    best = None
    for size in range(len(cuttable) + 1):
        for chosen in itertools.combinations(cuttable, size):
            total = sum(costs[n] for n in chosen)
            if best is not None and total >= best:
                continue
            if not connected(graph, sources, sinks, set(chosen)):
                best = total
    return best


def brute_force_with_links(graph, sources, sinks, costs, link_costs) -> float | None:
    """As :func:`brute_force`, choosing among cuttable nodes and cuttable links."""
    cuttable = sorted(n for n, c in costs.items() if c is not None) + sorted(link_costs)
    price = {**{n: c for n, c in costs.items() if c is not None}, **link_costs}
    best = None
    for size in range(len(cuttable) + 1):
        for chosen in itertools.combinations(cuttable, size):
            total = sum(price[e] for e in chosen)
            if best is not None and total >= best:
                continue
            if not connected(graph, sources, sinks, set(chosen)):
                best = total
    return best


@pytest.mark.parametrize("seed", range(30))
def test_cutting_links_too_costs_what_brute_force_finds(seed):
    graph, sources, sinks, costs = random_case(500 + seed, nodes=10, edges=16, ends=2)
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    edges = sorted(tuple(sorted(e)) for e in graph.edges())
    link_costs = {e: float(rng.randint(1, 6)) for e in edges if rng.random() < 0.35}

    def link_cost(a, b):
        return link_costs.get(tuple(sorted((a, b))))

    cut = minimum_cut(graph, sources, sinks, costs.get, link_cost=link_cost)
    optimum = brute_force_with_links(graph, sources, sinks, costs, link_costs)
    if optimum is None:
        assert not cut.complete
        return
    assert cut.complete and cut.cost == optimum
    assert not connected(graph, sources, sinks, set(cut.elements))


@pytest.mark.parametrize("seed", range(40))
def test_the_cut_costs_what_brute_force_finds(seed):
    graph, sources, sinks, costs = random_case(seed, nodes=14, edges=22, ends=2)
    cut = minimum_cut(graph, sources, sinks, costs.get)
    optimum = brute_force(graph, sources, sinks, costs)
    if optimum is None:
        assert not cut.complete, "no set of actions separates the ends, yet the cut claims to"
        return
    assert cut.complete
    assert cut.cost == optimum
    assert not connected(graph, sources, sinks, set(cut.elements))
    assert all(costs[n] is not None for n in cut.elements)


def networkx_flow(graph, sources, sinks, costs) -> float:
    """The max-flow value of the node-split network by networkx's preflow-push (pure Python, floats):
    a solver independent of the planner's (SciPy's Dinic on scaled integers)."""
    network = nx.DiGraph()
    for node in graph:
        cost = costs.get(node)
        if node in sources or node in sinks or cost is None:
            network.add_edge((node, "in"), (node, "out"))  # no capacity: unbounded
        else:
            network.add_edge((node, "in"), (node, "out"), capacity=cost)
    for a, b in graph.edges():
        network.add_edge((a, "out"), (b, "in"))
        network.add_edge((b, "out"), (a, "in"))
    for s in sources:
        network.add_edge("S", (s, "in"))
    for t in sinks:
        network.add_edge((t, "out"), "T")
    try:
        return nx.maximum_flow_value(network, "S", "T")
    except nx.NetworkXUnbounded:
        return float("inf")


@pytest.mark.parametrize("seed", range(12))
def test_the_cut_costs_what_networkx_max_flow_finds_on_larger_graphs(seed):
    graph, sources, sinks, costs = random_case(1000 + seed, nodes=300, edges=420, ends=8)
    cut = minimum_cut(graph, sources, sinks, costs.get)
    flow = networkx_flow(graph, sources, sinks, costs)
    if flow == float("inf"):  # only unbounded arcs join the sides: an end pair or an uncuttable path
        assert not cut.complete
        return
    assert cut.complete
    assert cut.cost == flow
    assert not connected(graph, sources, sinks, set(cut.elements))


def test_direct_links_and_uncuttable_paths_are_reported_not_hidden():
    graph = nx.Graph([("s", "t"), ("s", "cartel"), ("cartel", "u"), ("s", "broker"), ("broker", "u")])
    costs = {"cartel": None, "broker": 8.0}
    cut = minimum_cut(graph, ["s"], ["t", "u"], costs.get)
    assert cut.direct_links == (("s", "t"),)
    assert cut.blocked_by == {"cartel"}
    assert not cut.complete


def offers_of(costs: dict[str, float | None]) -> Offers:
    def action(cost: float) -> Action:
        return Action(name="act", title="An action", match=Rule(label="Person"), cost=cost, agencies=("DEA",))

    return Offers(
        {n: Offer(action(c)) if c is not None else Offer(None, not_cuttable="test") for n, c in costs.items()}
    )


@pytest.mark.parametrize("seed", range(15))
def test_a_budget_buys_a_plan_within_it_and_the_complete_cut_when_it_suffices(seed):
    graph, sources, sinks, costs = random_case(2000 + seed, nodes=40, edges=60, ends=4)
    offers = offers_of(costs)
    hops = 40
    complete = make_plan(graph, sources, sinks, offers, {}, hops)
    assert complete.cost == minimum_cut(graph, sources, sinks, costs.get).cost
    assert set(complete.residual) == connected(graph, sources, sinks, {s.element for s in complete.steps})
    for budget in (0.0, 3.0, 7.0, complete.cost / 2, complete.cost):
        plan = make_plan(graph, sources, sinks, offers, {}, hops, budget=budget)
        chosen = {step.element for step in plan.steps}
        assert plan.cost <= budget + 1e-9
        assert set(plan.residual) == connected(graph, sources, sinks, chosen)
        assert sum(step.pairs_stopped for step in plan.steps) == plan.pairs_after_taken - len(plan.residual)
        best_single = max(
            (
                len(connected(graph, sources, sinks, set())) - len(connected(graph, sources, sinks, {n}))
                for n, c in costs.items()
                if c is not None and c <= budget
            ),
            default=0,
        )
        stopped = plan.pairs_after_taken - len(plan.residual)
        assert stopped >= best_single, (
            f"budget {budget}: {stopped} pairs stopped, one action alone stops {best_single}"
        )
        prefix: set[str] = set()  # the complete plan's steps, in order, while they fit
        for step in complete.steps:
            if sum(costs[n] for n in prefix | {step.element}) > budget:
                break
            prefix.add(step.element)
        by_prefix = len(connected(graph, sources, sinks, set())) - len(
            connected(graph, sources, sinks, prefix)
        )
        assert stopped >= by_prefix, f"budget {budget}: the complete plan's first steps stop more"
    full = make_plan(graph, sources, sinks, offers, {}, hops, budget=complete.cost)
    assert full.residual == complete.residual


def test_what_if_removes_the_taken_actions_first():
    graph = nx.Graph([("s", "a"), ("a", "t"), ("s", "b"), ("b", "t")])
    offers = offers_of({"a": 2.0, "b": 3.0})
    plan = make_plan(graph, ["s"], ["t"], offers, {}, 4, taken=["a"])
    assert plan.pairs_joined == 1 and plan.pairs_after_taken == 1
    assert [step.element for step in plan.steps] == ["b"] and plan.cost == 3.0
    assert plan.residual == ()


def test_money_stopped_is_the_money_on_links_no_longer_on_a_joined_walk():
    graph = nx.Graph([("s", "w1"), ("w1", "w2"), ("w2", "t"), ("s", "w3"), ("w3", "t")])
    money = {("w1", "w2"): {"USDT": 100.0}, ("t", "w3"): {"USDT": 5.0, "BTC": 1.0}}
    offers = offers_of({"w1": 1.0, "w2": 1.0, "w3": 4.0})
    plan = make_plan(graph, ["s"], ["t"], offers, money, 6, budget=1.0)
    assert plan.money_before == {"BTC": 1.0, "USDT": 105.0}
    assert plan.money_after == {"BTC": 1.0, "USDT": 5.0}
    assert plan.residual == (("s", "t"),)


def test_hop_bound_counts_pairs_joined_within_it():
    graph = nx.path_graph(["s", "a", "b", "c", "t"])
    assert Reach(graph, ["s"], ["t"], 4).pairs() == {("s", "t")}
    assert Reach(graph, ["s"], ["t"], 3).pairs() == set()
    assert Reach(graph, ["s"], ["t"], 4).pairs(["b"]) == set()  # a node cut
    assert Reach(graph, ["s"], ["t"], 4).pairs([("b", "c")]) == set()  # a link cut
    assert Reach(graph, ["s"], ["t"], 4).pairs([("a", "c")]) == {("s", "t")}  # no such link: nothing cut


def test_a_budget_below_the_complete_cut_cuts_off_whole_ends_when_that_is_what_it_buys():
    """The hub cuts all six pairs for 5; cutting off one supplier (its two routes) costs 4 for three.
    No price makes the latter a minimum of cost plus priced ends (the hull jumps from nothing to the
    hub), so a budget of 4 must find it another way: cutting off whole ends."""
    edges = [("s1", "u1"), ("s1", "v1"), ("s2", "u2"), ("s2", "v2")]
    edges += [(x, "hub") for x in ("u1", "v1", "u2", "v2")]
    edges += [("hub", t) for t in ("t1", "t2", "t3")]
    graph = nx.Graph(edges)
    offers = offers_of({"u1": 2.0, "v1": 2.0, "u2": 2.0, "v2": 2.0, "hub": 5.0})
    complete = make_plan(graph, ["s1", "s2"], ["t1", "t2", "t3"], offers, {}, 6)
    assert [step.element for step in complete.steps] == ["hub"] and complete.cost == 5.0
    within = make_plan(graph, ["s1", "s2"], ["t1", "t2", "t3"], offers, {}, 6, budget=4.0)
    assert within.cost == 4.0 and len(within.residual) == 3
    assert {step.element for step in within.steps} in ({"u1", "v1"}, {"u2", "v2"})
    assert sum(step.pairs_stopped for step in within.steps) == 3


@pytest.mark.parametrize("seed", range(10))
def test_when_32_bits_cannot_hold_exact_costs_the_cut_stays_exact(seed, monkeypatch):
    """On a subgraph whose capacities sum past what SciPy's 32-bit flow can hold at a scale keeping
    every cost exact, the cut falls back to floating point: still the brute-force optimum."""
    import chokepoint.interdiction.cut as cut_module

    monkeypatch.setattr(cut_module, "_CAPACITY_LIMIT", 4_000)  # forces a scale that would round costs
    exact = cut_module._source_side_exact
    used: list[int] = []
    monkeypatch.setattr(cut_module, "_source_side_exact", lambda *args: used.append(1) or exact(*args))
    graph, sources, sinks, costs = random_case(seed, nodes=14, edges=22, ends=2)
    costs = {n: (c + 0.25 if c is not None else None) for n, c in costs.items()}  # fractions to round
    cut = minimum_cut(graph, sources, sinks, costs.get)
    assert used, "the floating-point path was not taken"
    optimum = brute_force(graph, sources, sinks, costs)
    if optimum is None:
        assert not cut.complete
        return
    assert cut.complete and cut.cost == pytest.approx(optimum)
    assert not connected(graph, sources, sinks, set(cut.elements))


@pytest.mark.parametrize("seed", range(10))
def test_whole_costs_stay_on_the_compiled_flow_when_the_grid_coarsens(seed, monkeypatch):
    """Capacities too large for 31 bits at a thousandth per unit: whole costs stay exact at a coarser
    power of ten, so the cut stays on SciPy's flow (no networkx), the brute-force optimum still;
    and the budget search's prices, fractions of any kind, never send it to networkx either (every
    one of its cuts did, 30 times slower on the bench's network)."""
    import chokepoint.interdiction.cut as cut_module

    monkeypatch.setattr(cut_module, "_CAPACITY_LIMIT", 40_000)  # 1,000 per unit cannot fit
    used: list[int] = []
    exact = cut_module._source_side_exact
    monkeypatch.setattr(cut_module, "_source_side_exact", lambda *args: used.append(1) or exact(*args))
    graph, sources, sinks, costs = random_case(3000 + seed, nodes=14, edges=22, ends=2)
    cut = minimum_cut(graph, sources, sinks, costs.get)
    optimum = brute_force(graph, sources, sinks, costs)
    assert (cut.cost == optimum) if optimum is not None else not cut.complete
    minimum_cut(graph, sources, sinks, costs.get, dict.fromkeys((*sources, *sinks), 1 / 3 + seed))
    complete = make_plan(graph, sources, sinks, offers_of(costs), {}, 40)
    make_plan(graph, sources, sinks, offers_of(costs), {}, 40, budget=complete.cost / 2)
    assert not used, "a cut of whole costs or of the search's prices went to networkx's flow"


@pytest.mark.parametrize("floats", [False, True])
def test_of_equal_cheapest_cuts_the_one_nearest_the_side_asked_for(floats, monkeypatch):
    """s — a — b — t with a and b costing the same: nearest the sources cuts a, nearest the sinks b;
    on SciPy's flow and on networkx's (the fallback) alike."""
    import chokepoint.interdiction.cut as cut_module

    if floats:
        monkeypatch.setattr(cut_module, "_CAPACITY_LIMIT", 40)  # no grid fits: networkx's flow
    graph = nx.Graph([("s", "a"), ("a", "b"), ("b", "t"), ("s", "c"), ("c", "t")])
    costs = {"a": 1.25, "b": 1.25, "c": 2.0}
    network = cut_module.CutNetwork(graph, costs.get, lambda a, b: None)
    near_sources = network.cut(["s"], ["t"])
    near_sinks = network.cut(["s"], ["t"], nearest_sinks=True)
    assert near_sources.elements == {"a", "c"} and near_sinks.elements == {"b", "c"}
    assert near_sources.cost == near_sinks.cost == 3.25
