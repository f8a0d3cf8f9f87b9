"""What-if ids: a node id or a ``(startId)-[TYPE]->(endId)`` link, and the pairs taken links alone joined."""

from __future__ import annotations

from chokepoint.interdiction.taken import TakenLink, cut_pairs, link_of, taken_of


def row(start: str, rel_type: str, end: str) -> dict[str, str]:
    return {"startId": start, "type": rel_type, "endId": end}


def test_a_link_id_is_the_form_notices_name_a_relationship_by():
    link = link_of("(cartelA)-[SUPPLIES]->(CryptoAddress:bitcoin|x)")
    assert link == TakenLink("cartelA", "SUPPLIES", "CryptoAddress:bitcoin|x")
    assert link.id == "(cartelA)-[SUPPLIES]->(CryptoAddress:bitcoin|x)" and link.pair == (
        "CryptoAddress:bitcoin|x",
        "cartelA",
    )
    assert link_of("ofac:11440") is None and link_of("(a)-[SUPPLIES]-(b)") is None


def test_ids_split_into_nodes_and_links_each_once():
    taken = taken_of(["broker", "(a)-[SUPPLIES]->(b)", "broker", "(a)-[SUPPLIES]->(b)", "(b)-[X]->(a)"])
    assert taken.nodes == ("broker",)
    assert taken.links == (TakenLink("a", "SUPPLIES", "b"), TakenLink("b", "X", "a"))
    assert taken.link_ids == {("a", "SUPPLIES", "b"), ("b", "X", "a")}


def test_a_taken_link_separates_its_nodes_only_when_no_other_link_joins_them():
    links = [TakenLink("a", "SUPPLIES", "b"), TakenLink("c", "SUPPLIES", "d")]
    found = [
        row("a", "SUPPLIES", "b"),
        row("c", "SUPPLIES", "d"),
        row("d", "MEMBER_OF", "c"),  # another link keeps c and d joined
        row("a", "NOT_FOLLOWED", "b"),  # a type the plan does not walk joins nothing
    ]
    missing, removed = cut_pairs(links, found, ["SUPPLIES", "MEMBER_OF"])
    assert missing == [] and removed == {("a", "b")}


def test_a_link_not_read_is_missing_whatever_else_joins_its_nodes():
    links = [TakenLink("a", "SUPPLIES", "b"), TakenLink("b", "SUPPLIES", "a")]
    missing, removed = cut_pairs(links, [row("a", "SUPPLIES", "b")], ["SUPPLIES"])
    assert missing == ["(b)-[SUPPLIES]->(a)"]  # the direction is part of the link
    assert removed == {("a", "b")}
