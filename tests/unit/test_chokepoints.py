"""Chokepoint algorithms on hand-made graphs whose answers are known by inspection."""

import itertools

from chokepoint.analysis.blocks import pairs_disconnected
from chokepoint.analysis.paths import count_paths
from chokepoint.analysis.projection import bounded_union, build_graph, hop_distances
from chokepoint.analysis.ranking import analyse, minimum_cut, sample_paths


def graph_of(*chains: str, extra: tuple[str, ...] = ()):
    """Undirected graph from chains like ``"s-a-t"``; ``extra`` adds lone nodes."""
    links = []
    nodes = {n: {"id": n} for n in extra}
    for chain in chains:
        names = chain.split("-")
        nodes.update({n: {"id": n} for n in names})
        links += [(a, b, {"type": "LINK", "startId": a, "endId": b}) for a, b in itertools.pairwise(names)]
    return build_graph(nodes, links)


def by_node(analysis):
    return {c.node: c for c in analysis.chokepoints}


def test_diamond_needs_both_middles_cut_and_neither_disconnects_alone():
    graph = graph_of("s-a-t", "s-b-t")
    result = analyse(graph, {"s"}, {"t"}, max_hops=4)
    assert result.minimum_cut == {"a", "b"}
    assert result.connected_pairs == 1 and result.paths == 2
    found = by_node(result)
    assert set(found) == {"a", "b"}  # the source and sink are never candidates
    for node in ("a", "b"):
        assert found[node].in_minimum_cut
        assert found[node].pairs_disconnected == 0
        assert found[node].paths_cut == 1
        assert found[node].betweenness == 0.5
        assert sample_paths(graph, node, {"s"}, {"t"}, max_hops=4, samples=3) == (("s", node, "t"),)


def test_single_bridge_broker_ranks_first_and_disconnects_every_pair():
    # two suppliers feed one broker; the broker reaches three cells, one of them also through a wallet
    graph = graph_of("s1-broker-c1", "s2-broker-c2", "broker-wallet-c3", "broker-c3")
    result = analyse(graph, {"s1", "s2"}, {"c1", "c2", "c3"}, max_hops=4)
    top = result.chokepoints[0]
    assert top.node == "broker"
    assert top.in_minimum_cut and result.minimum_cut == {"broker"}
    assert top.pairs_disconnected == 6  # every (supplier, cell) pair
    assert top.paths_cut == 6  # the wallet detour is longer, so not a shortest path
    assert top.betweenness == 6.0
    samples = sample_paths(graph, "broker", {"s1", "s2"}, {"c1", "c2", "c3"}, max_hops=4, samples=2)
    assert len(samples) == 2 and all(len(p) == 3 and p[1] == "broker" for p in samples)
    assert sample_paths(graph, "broker", {"s1"}, {"c1"}, max_hops=1, samples=2) == ()
    assert "wallet" not in by_node(result)  # on no shortest path, cuts nothing: not a candidate


def test_two_disjoint_routes_one_cut_vertex_on_each():
    graph = graph_of("s1-x-y-t1", "s2-z-t2")
    result = analyse(graph, {"s1", "s2"}, {"t1", "t2"}, max_hops=6)
    assert result.minimum_cut in ({"x", "z"}, {"y", "z"})
    assert result.connected_pairs == 2
    found = by_node(result)
    assert {n: found[n].pairs_disconnected for n in ("x", "y", "z")} == {"x": 1, "y": 1, "z": 1}
    assert [c.node for c in result.chokepoints][:1] in (["x"], ["y"], ["z"])
    assert sample_paths(graph, "x", {"s1", "s2"}, {"t1", "t2"}, 6, 5) == (("s1", "x", "y", "t1"),)


def test_hop_bound_limits_paths_and_projection():
    graph = graph_of("s-a-b-c-t", "s-d-t", "t-far")
    assert count_paths(graph, {"s"}, {"t"}, max_hops=2).through == {"d": 1}
    kept = bounded_union(graph, {"s"}, {"t"}, max_hops=2)
    assert set(kept.nodes) == {"s", "d", "t"}
    # a walk may run past the sink and back (s-d-t-far-t): 'far' is kept, though it cuts nothing
    assert set(bounded_union(graph, {"s"}, {"t"}, max_hops=4).nodes) == {"s", "a", "b", "c", "d", "t", "far"}
    assert set(bounded_union(graph, {"s"}, {"t"}, max_hops=3).nodes) == {"s", "d", "t"}
    assert hop_distances(graph, ["s"], 1) == {"s": 0, "a": 1, "d": 1}


def test_direct_links_cannot_be_cut_by_an_intermediary():
    graph = graph_of("s-t", "s-m-t")
    cut, uncuttable = minimum_cut(graph, frozenset({"s"}), frozenset({"t"}))
    assert (cut, uncuttable) == ({"m"}, 1)
    assert pairs_disconnected(graph, {"s"}, {"t"}) == {}


def test_paths_through_other_sources_do_not_make_them_chokepoints():
    graph = graph_of("s1-s2-m-t")
    result = analyse(graph, {"s1", "s2"}, {"t"}, max_hops=4)
    assert [c.node for c in result.chokepoints] == ["m"]
    assert by_node(result)["m"].pairs_disconnected == 2


def test_parallel_relationships_share_one_edge():
    graph = build_graph(
        {"a": {}, "b": {}}, [("a", "b", {"type": "X"}), ("b", "a", {"type": "Y"}), ("a", "a", {})]
    )
    assert graph.number_of_edges() == 1
    assert [link["type"] for link in graph.edges["a", "b"]["links"]] == ["X", "Y"]


def test_unreachable_sinks_give_no_chokepoints():
    graph = graph_of("s-a", "b-t")
    result = analyse(graph, {"s"}, {"t", "ghost"}, max_hops=4)
    assert result.chokepoints == () and result.minimum_cut == frozenset() and result.connected_pairs == 0


def test_betweenness_matches_networkx_subset_betweenness_on_a_random_graph():
    import networkx as nx

    graph = nx.gnm_random_graph(60, 150, seed=7)
    graph = nx.relabel_nodes(graph, {n: f"n{n}" for n in graph})
    sources, sinks = {"n0", "n1", "n2", "n3"}, {"n50", "n51", "n52", "n53", "n54"}
    ours = count_paths(graph, sources, sinks, max_hops=60).betweenness
    theirs = nx.betweenness_centrality_subset(graph, list(sources), list(sinks), normalized=False)
    # networkx halves subset betweenness on undirected graphs; ours is the plain sum over pairs
    assert {n for n, v in theirs.items() if v} - sources == set(ours) - sources
    for node, value in ours.items():
        assert abs(value - 2 * theirs[node]) < 1e-9
