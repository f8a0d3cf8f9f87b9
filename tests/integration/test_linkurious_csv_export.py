"""The Linkurious CSV layout: a file per node category and per edge type, every element exactly once
under a stable id, every value read back as exported (issue 18)."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import replace

import pytest

from chokepoint.exports.service import ExportFormat, export
from chokepoint.exports.subgraph import ExportShapes, select
from chokepoint.ingest.writer import GraphWriter
from tests.integration.test_investigations import CASE, case_records

pytestmark = pytest.mark.neo4j
SEEDS = ["p1", "shared"]


@pytest.fixture(scope="module")
def chart(module_graph, model):
    case = replace(CASE, file_sha256=hashlib.sha256(b"the case file").hexdigest())
    assert GraphWriter(module_graph, model, case).write_all(case_records()).rejected == []
    return lambda: select(module_graph, SEEDS, hops=2, shapes=ExportShapes.of(model))


def rows(folder):
    """File name (category or type) -> its rows, as a CSV reader reads them."""
    return {
        path.stem: list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
        for path in sorted(folder.glob("*.csv"))
    }


def read_back(cell: str, kind: str):
    """A cell as the schema types it (what an importer told the column's type gets)."""
    if kind.endswith("[]"):
        return json.loads(cell)
    if kind == "integer":
        return int(cell)
    if kind == "float":
        return float(cell)
    if kind == "boolean":
        return {"true": True, "false": False}[cell]
    return cell


def test_every_element_once_under_a_stable_id_with_its_values(chart, model, tmp_path):
    subgraph = chart()
    nodes, edges = list(subgraph.nodes()), list(subgraph.edges())
    counts = export(chart(), model, ExportFormat.linkurious_csv, tmp_path / "first")
    assert counts == (len(nodes), len(edges)) and len(nodes) > 10 and len(edges) > 10
    node_files, edge_files = rows(tmp_path / "first" / "nodes"), rows(tmp_path / "first" / "edges")
    assert set(node_files) == {n.label for n in nodes} and set(edge_files) == {e.type for e in edges}

    written_nodes = [(label, row) for label, file in node_files.items() for row in file]
    assert sorted(row["id"] for _, row in written_nodes) == sorted(n.id for n in nodes)  # each once
    written_edges = [(kind, row) for kind, file in edge_files.items() for row in file]
    assert sorted(row["id"] for _, row in written_edges) == sorted(e.id for e in edges)
    assert len({row["id"] for _, row in written_edges}) == len(edges)  # ids tell every edge apart
    assert all(next(iter(file[0])) == "id" for file in node_files.values())
    assert all(list(file[0])[:3] == ["id", "source", "target"] for file in edge_files.values())

    by_id = {n.id: n for n in nodes}
    for label, row in written_nodes:
        node = by_id[row["id"]]
        assert node.label == label
        types = {name: spec.type for name, spec in model.node_properties(label).items()}
        back = {k: read_back(v, types[k]) for k, v in row.items() if v != "" and k != "id"}
        assert back == {k: v for k, v in node.props.items() if v not in (None, []) and k != "id"}, node.id
    edges_by_id = {e.id: e for e in edges}
    for kind, row in written_edges:
        edge = edges_by_id[row["id"]]
        assert (edge.type, edge.source, edge.target) == (kind, row["source"], row["target"])
        assert {row["source"], row["target"]} <= set(by_id)  # each end is a node of the chart
        types = {name: spec.type for name, spec in model.relationship_properties(kind).items()}
        ends = ("id", "source", "target")
        back = {k: read_back(v, types[k]) for k, v in row.items() if v != "" and k not in ends}
        assert back == {k: v for k, v in edge.props.items() if v not in (None, [])}, edge.id

    export(chart(), model, ExportFormat.linkurious_csv, tmp_path / "second")  # a new selection, same ids
    for part in ("nodes", "edges"):
        first = {p.name: p.read_bytes() for p in (tmp_path / "first" / part).iterdir()}
        assert first == {p.name: p.read_bytes() for p in (tmp_path / "second" / part).iterdir()}
