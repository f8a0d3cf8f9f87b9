"""The visibility contract: a record whose AGENCY|CAVEAT the viewer lacks never shows, through any query.

The case holds a DEA/LES person (p:informant), its DEA/LES MEMBER_OF and ASSOCIATE_OF links, and a
DEA/LES ASSOCIATE_OF between two public people. ``PUBLIC_ONLY`` holds no DEA grant; ``GRANTED`` does.
"""

import hashlib

import pytest

from tests.api.conftest import DATA, GRANTED, PUBLIC_ONLY

pytestmark = pytest.mark.neo4j


def test_entity(api):
    query = 'query { entity(id: "p:informant") { id caveat } }'
    assert api.run(query, GRANTED).data == {"entity": {"id": "p:informant", "caveat": "LES"}}
    assert api.run(query, PUBLIC_ONLY).data == {"entity": None}


def test_file_hashes_are_read_back_from_the_files_nodes(api):
    """Elements store a file's key; the API shows the hash (a fresh catalogue per in-process call)."""
    query = 'query { a: entity(id: "p:informant") { ... on Person { sourceFileSha256 } } }'
    restricted = hashlib.sha256((DATA / "restricted.json").read_bytes()).hexdigest()
    assert api.run(query, GRANTED).data == {"a": {"sourceFileSha256": restricted}}
    query = 'query { b: entity(id: "org:cartel") { ... on Organization { sourceFileSha256 } } }'
    public = hashlib.sha256((DATA / "public.json").read_bytes()).hexdigest()
    assert api.run(query, PUBLIC_ONLY).data == {"b": {"sourceFileSha256": public}}


def test_search(api):
    query = 'query { search(text: "Informante", first: 5) { totalCount edges { node { id } } } }'
    assert api.run(query, GRANTED).data["search"]["totalCount"] == 1
    assert api.run(query, PUBLIC_ONLY).data == {"search": {"totalCount": 0, "edges": []}}


def test_neighbor_counts_pages_and_nested_neighbors(api):
    query = """query {
      neighbors(id: "org:cartel", first: 10) {
        totalCount countsByType { type incoming } edges { node { id } }
      }
      entity(id: "p:broker") { neighbors(relTypes: ["ASSOCIATE_OF"]) { totalCount edges { node { id } } } }
    }"""
    granted = api.run(query, GRANTED).data
    assert granted["neighbors"]["countsByType"] == [{"type": "MEMBER_OF", "incoming": 5}]
    assert "p:informant" in [e["node"]["id"] for e in granted["neighbors"]["edges"]]
    assert granted["entity"]["neighbors"]["totalCount"] == 2

    hidden = api.run(query, PUBLIC_ONLY).data
    assert hidden["neighbors"]["totalCount"] == 4
    assert hidden["neighbors"]["countsByType"] == [{"type": "MEMBER_OF", "incoming": 4}]
    assert "p:informant" not in [e["node"]["id"] for e in hidden["neighbors"]["edges"]]
    assert hidden["entity"]["neighbors"] == {"totalCount": 0, "edges": []}


def test_paths_never_cross_a_hidden_node_or_relationship(api):
    query = """query ($from: ID!) {
      paths(from: $from, to: "p:boss", maxHops: 4, first: 25) {
        totalCount edges { node { length nodes { id caveat } relationships { relationship { caveat } } } }
      }
    }"""
    granted = api.run(query, GRANTED, **{"from": "p:broker"}).data["paths"]
    assert granted["edges"][0]["node"]["length"] == 1

    hidden = api.run(query, PUBLIC_ONLY, **{"from": "p:broker"}).data["paths"]
    assert hidden["totalCount"] >= 1
    for edge in hidden["edges"]:
        path = edge["node"]
        assert path["length"] == 4  # the one-hop DEA link is not there for this viewer
        assert {n["caveat"] for n in path["nodes"]} == {"PUBLIC"}
        assert {h["relationship"]["caveat"] for h in path["relationships"]} == {"PUBLIC"}
    from_hidden = api.run(query, PUBLIC_ONLY, **{"from": "p:informant"}).data["paths"]
    assert from_hidden == {"totalCount": 0, "edges": []}


def test_sanctions_exposure_only_follows_visible_links(api):
    query = """query { address(chain: "bitcoin", address: "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") {
      sanctionsExposure(maxHops: 6, relTypes: ["CONTROLS_ADDRESS", "ASSOCIATE_OF"]) {
        hops path { nodes { id } }
      }
    } }"""
    granted = api.run(query, GRANTED).data["address"]["sanctionsExposure"]
    assert granted["hops"] == 2
    assert [n["id"] for n in granted["path"]["nodes"]][1:] == ["p:broker", "p:boss"]
    assert api.run(query, PUBLIC_ONLY).data == {"address": {"sanctionsExposure": None}}
