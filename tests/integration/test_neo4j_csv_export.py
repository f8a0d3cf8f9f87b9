"""The neo4j-admin CSV export, loaded by the real ``neo4j-admin database import`` into the test instance
(its database is replaced): every exported node and relationship comes back with its labels, type and
property values, typed as the schema says (issue 18: each format valid for its tool)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from chokepoint import composition
from chokepoint.composition import bulk_load
from chokepoint.exports.service import ExportFormat, export
from chokepoint.exports.subgraph import ExportShapes, select
from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.bulk_csv import ARGS_FILE
from chokepoint.ingest.writer import GraphWriter
from tests.integration.test_investigations import CASE, case_records

pytestmark = pytest.mark.neo4j
NODES = CypherQuery("n", "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
RELATIONSHIPS = CypherQuery(
    "r", "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
)


def comparable(value):
    """A value as both sides can state it: dates and date-times as ISO text, lists as lists."""
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [comparable(item) for item in value]
    return value


def test_the_export_loads_into_neo4j_as_it_was(graph, model, neo4j_settings, tmp_path):
    assert GraphWriter(graph, model, CASE).write_all(case_records()).rejected == []
    subgraph = select(graph, ["p1", "shared"], hops=2, shapes=ExportShapes.of(model))
    folder = tmp_path / "neo4j-csv"
    nodes, edges = export(subgraph, model, ExportFormat.neo4j_csv, folder)
    assert nodes > 5 and edges > 5
    header = next(csv.reader((folder / "nodes" / "Person.csv").read_text(encoding="utf-8").splitlines()))
    assert header[0] == "id:ID(Entity)" and "name:string" in header and "aliases:string[]" in header
    assert "firstSeenAt:datetime" in header and not any("valueStatements" in h for h in header)
    exported_nodes = {row["id"]: row for row in graph.read(NODES) if row["id"] in subgraph.ids}
    exported_rels = sorted(
        (r["source"], r["type"], r["target"])
        for r in graph.read(RELATIONSHIPS)
        if r["source"] in subgraph.ids and r["target"] in subgraph.ids
    )
    assert (folder / ARGS_FILE).is_file()
    bulk_load(neo4j_settings, folder)  # the real tool; replaces the test database, restarts it
    with composition.connect(neo4j_settings) as loaded:
        back = {row["id"]: row for row in loaded.read(NODES)}
        rels = sorted((r["source"], r["type"], r["target"]) for r in loaded.read(RELATIONSHIPS))
    assert set(back) == set(exported_nodes) and len(back) == nodes
    assert rels == exported_rels and len(rels) == edges
    for node_id, row in exported_nodes.items():
        assert set(back[node_id]["labels"]) == set(row["labels"])
        shown = {k: v for k, v in row["props"].items() if k in back[node_id]["props"]}
        assert {k: comparable(v) for k, v in back[node_id]["props"].items() if k in shown} == {
            k: comparable(v) for k, v in shown.items()
        }, node_id
        internal = {"valueStatements", "sourceRecordsMarking"}  # the engine's: never exported
        assert set(row["props"]) - internal <= set(back[node_id]["props"]), node_id  # no value lost
