"""The API's queries, run in-process (``schema.execute``) against the real Neo4j on a hand-made case."""

import pytest

pytestmark = pytest.mark.neo4j

ENTITY = """
query ($id: ID!) {
  entity(id: $id) {
    __typename id labels displayName agency caveat sourceDataset sourceRecordId sourceRecords
    ... on Person { name aliases nationalities }
    ... on Designation { listName designatedOn programs status }
  }
}"""


def test_entity_returns_typed_properties_and_provenance(api):
    outcome = api.run(ENTITY, id="p:boss")
    assert outcome.errors == []
    assert outcome.data["entity"] == {
        "__typename": "Person",
        "id": "p:boss",
        "labels": ["Entity", "Person"],
        "displayName": "GUZMAN, Testboss",
        "agency": "OFAC",
        "caveat": "PUBLIC",
        "sourceDataset": "api-test-public",
        "sourceRecordId": "p-1",
        "sourceRecords": ["api-test-public:p-1"],
        "name": "GUZMAN, Testboss",
        "aliases": ["El Jefe Prueba"],
        "nationalities": ["MX"],
    }
    designation = api.run(ENTITY, id="d:boss").data["entity"]
    assert designation["__typename"] == "Designation"
    assert designation["designatedOn"] == "2020-05-01"
    assert designation["displayName"] == "SDN"


def test_entity_absent_is_null_and_a_bad_id_is_a_clear_error(api):
    assert api.run(ENTITY, id="p:nobody").data == {"entity": None}
    outcome = api.run(ENTITY, id="")
    assert outcome.errors == ["id: '' is not a valid id (1 to 512 printable characters)"]


ENTITIES = "query ($ids: [ID!]!) { entities(ids: $ids) { id displayName } }"


def test_entities_answer_in_the_order_asked_with_null_for_the_absent(api):
    asked = ["d:boss", "p:nobody", "p:boss", "p:boss"]
    outcome = api.run(ENTITIES, ids=asked)
    assert outcome.errors == []
    one_by_one = [api.run(ENTITY, id=entity_id).data["entity"] for entity_id in asked]
    shown = [e and {"id": e["id"], "displayName": e["displayName"]} for e in one_by_one]
    assert outcome.data["entities"] == shown
    assert [e and e["id"] for e in outcome.data["entities"]] == ["d:boss", None, "p:boss", "p:boss"]
    too_many = api.run(ENTITIES, ids=["p:boss"] * 101)
    assert too_many.data is None and too_many.errors == ["ids: at most 100 ids per field, not 101"]
    bad = api.run(ENTITIES, ids=["p:boss", ""])
    assert bad.data is None and bad.errors == ["ids[1]: '' is not a valid id (1 to 512 printable characters)"]


SEARCH = """
query ($text: String!, $types: [String!], $first: Int!, $after: String) {
  search(text: $text, types: $types, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id displayName } }
  }
}"""


def test_search_finds_names_and_aliases_and_pages_with_opaque_cursors(api):
    alias = api.run(SEARCH, text="jefe prueba", first=5).data["search"]
    assert [edge["node"]["id"] for edge in alias["edges"]] == ["p:boss"]

    first = api.run(SEARCH, text="member", types=["Person"], first=2).data["search"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    rest = api.run(SEARCH, text="member", types=["Person"], first=2, after=first["pageInfo"]["endCursor"])
    rest_page = rest.data["search"]
    assert rest_page["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "endCursor": rest_page["edges"][-1]["cursor"],
    }
    ids = [e["node"]["id"] for e in first["edges"] + rest_page["edges"]]
    assert sorted(ids) == ["p:m1", "p:m2", "p:m3"]

    assert api.run(SEARCH, text="member", types=["Organization"], first=2).data["search"]["totalCount"] == 0


def test_search_finds_an_address_by_its_text(api):
    hits = api.run(SEARCH, text="1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", first=5).data["search"]
    assert [e["node"]["id"] for e in hits["edges"]] == [
        "CryptoAddress:bitcoin|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
    ]


def test_search_rejects_unknown_types_oversized_pages_and_foreign_cursors(api):
    unknown = api.run(SEARCH, text="member", types=["Persn"], first=2)
    assert unknown.data is None
    assert unknown.errors[0].startswith("types: unknown node types 'Persn'; allowed: Aircraft, ")
    assert "Person" in unknown.errors[0]
    assert api.run(SEARCH, text="member", first=101).errors == [
        "first: 101 is out of range; ask for 0 to 100 items per page"
    ]
    assert api.run(SEARCH, text="member", first=2, after="bm9wZQ==").errors == [
        "after: 'bm9wZQ==' is not a cursor this API returned"
    ]
    assert api.run(SEARCH, text='"} () ** //', first=2).errors == [
        "text: give at least one word or identifier to search for"
    ]


NEIGHBORS = """
query ($id: ID!, $relTypes: [String!], $direction: Direction!, $first: Int!, $after: String) {
  neighbors(id: $id, relTypes: $relTypes, direction: $direction, first: $first, after: $after) {
    totalCount
    countsByType { type outgoing incoming total }
    pageInfo { hasNextPage endCursor }
    edges { direction node { id } relationship { type startId endId agency caveat sourceRecordId } }
  }
}"""


def test_neighbors_counts_first_then_pages(api):
    first = api.run(NEIGHBORS, id="org:cartel", direction="INCOMING", first=3).data["neighbors"]
    assert first["countsByType"] == [{"type": "MEMBER_OF", "outgoing": 0, "incoming": 5, "total": 5}]
    assert first["totalCount"] == 5
    assert [e["node"]["id"] for e in first["edges"]] == ["p:boss", "p:informant", "p:m1"]
    assert first["edges"][0]["relationship"] == {
        "type": "MEMBER_OF",
        "startId": "p:boss",
        "endId": "org:cartel",
        "agency": "OFAC",
        "caveat": "PUBLIC",
        "sourceRecordId": "m-1",
    }
    assert {e["direction"] for e in first["edges"]} == {"INCOMING"}
    assert first["pageInfo"]["hasNextPage"] is True
    rest = api.run(
        NEIGHBORS, id="org:cartel", direction="INCOMING", first=3, after=first["pageInfo"]["endCursor"]
    ).data["neighbors"]
    assert [e["node"]["id"] for e in rest["edges"]] == ["p:m2", "p:m3"]
    assert rest["pageInfo"]["hasNextPage"] is False

    outgoing = api.run(NEIGHBORS, id="org:cartel", direction="OUTGOING", first=3).data["neighbors"]
    assert outgoing["totalCount"] == 0 and outgoing["edges"] == []


def test_neighbors_filters_by_type_and_names_the_allowed_types_on_a_typo(api):
    broker = api.run(NEIGHBORS, id="p:broker", relTypes=["CONTROLS_ADDRESS"], direction="BOTH", first=10)
    counts = broker.data["neighbors"]["countsByType"]
    assert counts == [{"type": "CONTROLS_ADDRESS", "outgoing": 2, "incoming": 0, "total": 2}]
    typo = api.run(NEIGHBORS, id="p:broker", relTypes=["CONTROLS"], direction="BOTH", first=10)
    assert typo.data == {"neighbors": None}
    assert typo.errors[0].startswith("relTypes: unknown relationship types 'CONTROLS'; allowed: ")
    assert "CONTROLS_ADDRESS" in typo.errors[0]
    assert api.run(NEIGHBORS, id="p:nobody", direction="BOTH", first=1).data == {"neighbors": None}


PATHS = """
query ($from: ID!, $to: ID!, $maxHops: Int!, $relTypes: [String!]) {
  paths(from: $from, to: $to, maxHops: $maxHops, relTypes: $relTypes, first: 5) {
    totalCount
    edges { node {
      length
      nodes { id }
      relationships { direction relationship { type agency caveat sourceDataset sourceRecordId } }
    } }
  }
}"""


def test_paths_are_ordered_with_evidence_for_each_hop(api):
    result = api.run(PATHS, **{"from": "p:broker", "to": "p:boss", "maxHops": 4}).data["paths"]
    shortest = result["edges"][0]["node"]
    assert shortest["length"] == 1
    assert [n["id"] for n in shortest["nodes"]] == ["p:broker", "p:boss"]
    assert shortest["relationships"] == [
        {
            "direction": "OUTGOING",
            "relationship": {
                "type": "ASSOCIATE_OF",
                "agency": "DEA",
                "caveat": "LES",
                "sourceDataset": "api-test-restricted",
                "sourceRecordId": "case-7/a2",
            },
        }
    ]
    lengths = [edge["node"]["length"] for edge in result["edges"]]
    assert lengths == sorted(lengths)

    money = api.run(
        PATHS,
        **{
            "from": "p:broker",
            "to": "p:boss",
            "maxHops": 4,
            "relTypes": ["CONTROLS_ADDRESS", "SENT", "RECEIVED"],
        },
    )
    path = money.data["paths"]["edges"][0]["node"]
    assert [n["id"] for n in path["nodes"]] == [
        "p:broker",
        "CryptoAddress:bitcoin|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "Transfer:bitcoin|aa11|0",
        "CryptoAddress:bitcoin|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "p:boss",
    ]
    assert [(h["direction"], h["relationship"]["type"]) for h in path["relationships"]] == [
        ("OUTGOING", "CONTROLS_ADDRESS"),
        ("OUTGOING", "SENT"),
        ("OUTGOING", "RECEIVED"),
        ("INCOMING", "CONTROLS_ADDRESS"),
    ]


def test_paths_validate_hops_and_endpoints(api):
    assert api.run(PATHS, **{"from": "p:broker", "to": "p:boss", "maxHops": 9}).errors == [
        "maxHops: 9 is out of range; allowed 1 to 8"
    ]
    assert api.run(PATHS, **{"from": "p:boss", "to": "p:boss", "maxHops": 2}).errors == [
        "from and to name the same entity; give two different ids"
    ]
    assert api.run(PATHS, **{"from": "p:boss", "to": "p:nobody", "maxHops": 2}).data["paths"] == {
        "totalCount": 0,
        "edges": [],
    }
