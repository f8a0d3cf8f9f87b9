"""No N+1: nested fields over many entities cost one query per level, whatever the number of entities."""

import pytest

pytestmark = pytest.mark.neo4j

NESTED = """
query ($text: String!) {
  search(text: $text, first: 10) {
    edges { node {
      id
      neighbors(first: 3) {
        totalCount
        countsByType { type total }
        pageInfo { hasNextPage }
        edges { node { id neighbors(first: 2) { totalCount edges { node { id } } } } }
      }
    } }
  }
}"""


def test_nested_neighbors_of_many_hits_cost_the_same_round_trips_as_of_one(api):
    one = api.run(NESTED, text="Testboss")
    many = api.run(NESTED, text="member")
    assert one.errors == [] and many.errors == []
    assert len(one.data["search"]["edges"]) == 1
    assert len(many.data["search"]["edges"]) == 3
    # search, then per level: one count query and one page query (second level: same again)
    assert many.round_trips == one.round_trips == 5
    second_level = [
        inner["node"]["neighbors"]["totalCount"]
        for edge in many.data["search"]["edges"]
        for inner in edge["node"]["neighbors"]["edges"]
    ]
    assert second_level == [5, 5, 5]  # each member's one neighbour is the cartel, with its five members


def test_entities_asked_for_by_alias_are_fetched_in_one_query(api):
    query = """query {
      a: entity(id: "p:m1") { id } b: entity(id: "p:m2") { id } c: entity(id: "p:m3") { id }
      d: entity(id: "p:nobody") { id }
    }"""
    outcome = api.run(query)
    assert outcome.data == {"a": {"id": "p:m1"}, "b": {"id": "p:m2"}, "c": {"id": "p:m3"}, "d": None}
    assert outcome.round_trips == 1
