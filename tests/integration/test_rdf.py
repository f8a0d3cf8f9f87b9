"""RDF round trip: export, empty database, import - the same nodes, relationships and properties."""

import pytest

from chokepoint.exports.subgraph import ExportShapes, whole_graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.ingest.writer import GraphWriter
from chokepoint.rdf.exchange import RdfFormat, export_rdf, import_rdf
from tests.integration.test_investigations import CASE, case_records

pytestmark = pytest.mark.neo4j
NODES = CypherQuery("n", "MATCH (n:Entity) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id")
RELS = CypherQuery(
    "r",
    "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props "
    "ORDER BY source, type, target, r.asset",
)


def snapshot(graph):
    nodes = [(sorted(row["labels"]), row["props"]) for row in graph.read(NODES)]
    return nodes, graph.read(RELS)


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_round_trip_keeps_nodes_relationships_and_properties(graph, model, tmp_path, fmt):
    assert GraphWriter(graph, model, CASE).write_all(case_records()).rejected == []
    before = snapshot(graph)
    path = tmp_path / f"graph.{fmt.value}"
    nodes, rels = export_rdf(whole_graph(graph, ExportShapes.of(model)), model, fmt, path)
    assert (nodes, rels) == (len(before[0]), len(before[1]))
    graph.run_autocommit(load_query("delete_all_in_batches"))
    assert import_rdf(graph, model, path, fmt) == (nodes, rels)
    assert snapshot(graph) == before
