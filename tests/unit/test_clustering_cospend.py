"""Co-spend clustering by hand: merges, explanations, memberships, determinism, split."""

import random

import pytest

from chokepoint.clustering import CO_SPEND, EvidenceLink, cluster_addresses
from chokepoint.errors import InvalidInput, NotFound
from tests.unit.clustering_cases import tx

# a-b by t1, b-c by t2, c-d by t3: four addresses joined through a chain of three transactions.
CHAIN = [
    tx("t1", [("a", "1"), ("b", "2")], [("x", "2.9")], block=100),
    tx("t2", [("c", "1"), ("b", "0.5")], [("y", "1.4")], block=101),
    tx("t3", [("d", "1"), ("c", "0.2")], [("z", "1.1")], block=102),
    tx("t4", [("e", "1")], [("f", "0.9")], block=103),  # one input: joins nothing
]


def test_a_chain_of_three_transactions_merges_four_addresses():
    clustering = cluster_addresses(CHAIN)
    assert [(c.representative, c.addresses) for c in clustering.clusters()] == [("a", ("a", "b", "c", "d"))]
    assert {clustering.representative(x) for x in "abcd"} == {"a"}
    assert clustering.representative("e") == "e"
    assert clustering.representative("x") == "x"  # an output only: its own cluster
    assert clustering.cluster_of("f").addresses == ("f",)


def test_explain_gives_the_chain_of_transactions_to_the_representative():
    clustering = cluster_addresses(CHAIN)
    explanation = clustering.explain("d")
    assert explanation.representative == "a"
    assert explanation.txids == ("t3", "t2", "t1")
    assert explanation.chain == (
        EvidenceLink("d", "t3", "c"),
        EvidenceLink("c", "t2", "b"),
        EvidenceLink("b", "t1", "a"),
    )
    assert clustering.explain("a").chain == ()
    assert clustering.explain("e").chain == ()


def test_memberships_name_the_rule_every_transaction_and_the_joining_edge():
    memberships = {m.address: m for m in cluster_addresses(CHAIN).memberships("c")}
    assert set(memberships) == {"a", "b", "c", "d"}
    assert all(m.rule == CO_SPEND for m in memberships.values())
    assert memberships["b"].txids == ("t1", "t2")
    assert memberships["c"].txids == ("t2", "t3")
    assert memberships["a"].joined_by is None
    assert memberships["d"].joined_by == EvidenceLink("d", "t3", "c")


def test_explain_takes_the_fewest_transactions_and_the_earliest_on_a_tie():
    shortcut = [*CHAIN, tx("t5", [("a", "1"), ("d", "1")], [("w", "1.9")], block=50)]
    clustering = cluster_addresses(shortcut)
    assert clustering.explain("d").txids == ("t5",)
    assert clustering.explain("c").txids == ("t3", "t5")  # c-d-a and c-b-a tie: t5 (block 50) is first
    tied = [
        tx("u2", [("p", "1"), ("q", "1")], [("x", "1")], 9),
        tx("u1", [("q", "1"), ("p", "1")], [("x", "1")], 9),
    ]
    assert cluster_addresses(tied).explain("q").txids == ("u1",)  # same block: the lesser txid


def test_same_transactions_in_any_order_give_the_same_clusters_and_explanations():
    expected = cluster_addresses(CHAIN)
    for seed in range(5):
        shuffled = CHAIN[:]
        random.Random(seed).shuffle(shuffled)  # noqa: S311 -- reproducible orders, not secrets
        clustering = cluster_addresses(shuffled + shuffled[:2])  # repeats are read once
        assert clustering.clusters() == expected.clusters()
        assert clustering.explain("d") == expected.explain("d")


def test_unaddressed_inputs_join_nothing_and_repeated_addresses_count_once():
    clustering = cluster_addresses(
        [
            tx("n1", [(None, "1"), ("a", "1")], [("x", "1.9")]),
            tx("n2", [("b", "1"), ("b", "2")], [("y", "2.9")]),
        ]
    )
    assert clustering.clusters() == []


def test_a_txid_given_twice_with_different_content_is_refused():
    with pytest.raises(InvalidInput, match="t1"):
        cluster_addresses([CHAIN[0], tx("t1", [("a", "1"), ("q", "2")], [("x", "2.9")], block=100)])


def test_unknown_addresses_and_txids_are_named():
    clustering = cluster_addresses(CHAIN)
    with pytest.raises(NotFound, match="nowhere"):
        clustering.explain("nowhere")
    with pytest.raises(NotFound, match="t9"):
        clustering.split(["t9"])


def test_split_removes_the_merge_only_that_transaction_caused():
    clustering = cluster_addresses(CHAIN)
    split = clustering.split(["t2"])
    assert [c.addresses for c in split.clusters()] == [("a", "b"), ("c", "d")]
    assert split.explain("d").txids == ("t3",)
    assert split.disregarded == {"t2"}
    assert [c.addresses for c in clustering.clusters()] == [("a", "b", "c", "d")]  # the original stays


def test_split_keeps_a_merge_other_transactions_also_support():
    supported = [*CHAIN, tx("t6", [("b", "1"), ("d", "1")], [("v", "1.9")], block=104)]
    split = cluster_addresses(supported).split(["t2"])
    assert [c.addresses for c in split.clusters()] == [("a", "b", "c", "d")]
    assert split.explain("c").txids == ("t3", "t6", "t1")  # the other chain
    assert [c.addresses for c in split.split(["t6"]).clusters()] == [("a", "b"), ("c", "d")]


def test_split_of_a_transaction_that_joined_nothing_changes_nothing():
    clustering = cluster_addresses(CHAIN)
    assert clustering.split(["t4"]).clusters() == clustering.clusters()
