import pytest

from chokepoint.errors import QueryFailed
from chokepoint.graph.queries import CypherQuery
from chokepoint.graph.schema_sync import apply_schema, existing_schema_names
from chokepoint.graph.statements import schema_statements

pytestmark = pytest.mark.neo4j


def test_every_schema_object_exists_and_reapplying_changes_nothing(graph, model):
    expected = {statement.name for statement in schema_statements(model)}
    assert expected <= existing_schema_names(graph)
    assert apply_schema(graph, model) == []


def test_identity_constraint_rejects_a_duplicate_address(graph):
    create = CypherQuery("t", "CREATE (:CryptoAddress:Entity {id: $id, chain: 'bitcoin', address: 'a1'})")
    graph.write(create, id="x1")
    with pytest.raises(QueryFailed, match="already exists"):
        graph.write(create, id="x2")


def test_fulltext_index_finds_names_and_aliases(graph):
    graph.write(
        CypherQuery(
            "t",
            "CREATE (:Person:Entity {id: 'p', name: 'OSEGUERA CERVANTES, Nemesio', aliases: ['Mencho']})",
        )
    )
    graph.run_autocommit(CypherQuery("t", "CALL db.awaitIndexes(60)"))
    search = CypherQuery(
        "t",
        "CALL db.index.fulltext.queryNodes('entity_search', $q) YIELD node RETURN node.id AS id",
    )
    assert graph.read(search, q="mencho") == [{"id": "p"}]
    assert graph.read(search, q="oseguera") == [{"id": "p"}]
