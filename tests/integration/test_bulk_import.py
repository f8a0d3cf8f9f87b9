"""The bulk path (BulkGraph → import CSVs → neo4j-admin database import) writes the same graph as ingest.

Each test replaces the test instance's database through the real import tool, then restarts it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest

from chokepoint import composition
from chokepoint.composition import bulk_load
from chokepoint.errors import ServerError
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.graph.statements import schema_statements
from chokepoint.ingest.bulk_csv import ARGS_FILE, write_import_files
from chokepoint.ingest.bulk_merge import BulkGraph
from chokepoint.ingest.registry import opener
from chokepoint.ingest.source import Options
from chokepoint.settings import PROJECT_ROOT, Settings
from chokepoint.values.log import PROPERTY as VALUE_LOG
from chokepoint.values.log import parse
from tests.integration.conftest import load, shared_file

pytestmark = pytest.mark.neo4j
STAMPS = ("ingestedAt", "firstSeenAt")  # times of the run: differ between the two loads
NODES = CypherQuery(
    "nodes", "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
)
FILES = CypherQuery("files", "MATCH (f:SourceFile) RETURN f.key AS key, f.sha256 AS sha256 ORDER BY key")
RELATIONSHIPS = CypherQuery(
    "rels",
    "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props",
)


def sources(tmp: Path) -> list[tuple[str, Path, Options]]:
    fixtures = PROJECT_ROOT / "tests" / "fixtures"
    wallets = tmp / "opensanctions" / "targets.simple.csv"  # the first 3,000 of ~12,000 wallets
    if not wallets.exists():
        wallets.parent.mkdir()
        lines = shared_file("opensanctions-ransomwhere/targets.simple.csv").read_text().splitlines()
        wallets.write_text("\n".join(lines[:3001]) + "\n")
    return [
        ("records", fixtures / "ofac_sample.json", Options()),
        ("records", fixtures / "case_sample.json", Options()),
        ("ofac-crypto", shared_file("ofac-sanctioned-crypto-addresses"), Options(dt.date(2025, 1, 1))),
        ("opensanctions", wallets, Options()),
    ]


def snapshot(graph: Graph) -> tuple[dict[str, tuple[list[str], str]], list[str]]:
    """Every node (labels, properties) by id, and every relationship as text; stamps checked, left out."""
    nodes = {}
    for row in graph.read(NODES):
        nodes[row["id"]] = (sorted(row["labels"]), _without_stamps(row["props"]))
    rels = sorted(
        f"{r['source']} -[{r['type']}]-> {r['target']} {_without_stamps(r['props'])}"
        for r in graph.read(RELATIONSHIPS)
    )
    return nodes, rels


def _without_stamps(props: dict[str, object]) -> str:
    assert props["ingestedAt"] is not None and props["firstSeenAt"] is not None
    assert props["firstSeenAt"] <= props["ingestedAt"]  # type: ignore[operator]
    kept = {k: v for k, v in props.items() if k not in STAMPS}
    if VALUE_LOG in kept:
        kept[VALUE_LOG] = [_timeless(text) for text in kept[VALUE_LOG]]  # type: ignore[attr-defined]
    return json.dumps(kept, sort_keys=True, default=repr)


def _timeless(text: str) -> tuple[str, str, str, str]:
    """A value-log statement without its write time (a stamp of the run), its value in one notation
    (Cypher's ``toString`` and Python's ``isoformat`` spell datetimes differently)."""
    statement = parse(text)
    assert statement is not None, text
    value = statement.value
    if "T" in value:
        with contextlib.suppress(ValueError):
            value = dt.datetime.fromisoformat(value).isoformat()
    return statement.grant, statement.published, statement.prop, value


def test_bulk_import_writes_the_graph_ingest_writes(graph, model, neo4j_settings: Settings, tmp_path):
    for source, path, options in sources(tmp_path):
        reports = load(graph, source, path, tmp_path, **vars(options))
        assert all(not report.rejected for report in reports)
    ingested_nodes, ingested_rels = snapshot(graph)
    ingested_files = graph.read(FILES)
    assert len(ingested_files) > 4  # one node per file read (the crypto lists are a folder of files)
    assert len(ingested_nodes) > 2000 and len(ingested_rels) > 30  # a real mix, not a toy

    bulk = BulkGraph(model)
    finishers = []
    for source, path, options in sources(tmp_path):
        for part in opener(source)(path, options):
            assert bulk.add_records(part.provenance, part.records) == []
            finishers += [part.finish] if part.finish is not None else []
    files = write_import_files(model, bulk, tmp_path / "import")
    assert bulk.rejected == [] and (tmp_path / "import" / ARGS_FILE).is_file()

    summary = bulk_load(neo4j_settings, tmp_path / "import")

    with composition.connect(neo4j_settings) as imported:
        for finish in finishers:
            finish(imported)
        bulk_nodes, bulk_rels = snapshot(imported)
        assert imported.read(FILES) == ingested_files
        schema = {row["name"] for row in imported.read(load_query("show_schema_objects"))}
    assert bulk_nodes == ingested_nodes
    assert bulk_rels == ingested_rels
    assert {statement.name for statement in schema_statements(model)} <= schema
    assert (summary.nodes, summary.relationships) == (len(bulk_nodes) + len(ingested_files), len(bulk_rels))
    assert sum(files.nodes.values()) + files.source_files == summary.nodes
    assert summary.neo4j_version == composition.server_version(neo4j_settings)
    assert summary.seconds > 0 and summary.nodes_per_s > 0 and summary.relationships_per_s > 0


def test_a_failed_import_names_the_bad_value_and_leaves_an_empty_database(
    graph, neo4j_settings: Settings, tmp_path
):
    graph.write(CypherQuery("seed", "CREATE (:Entity:Person {id: 'before'})"))
    directory = tmp_path / "broken"
    (directory / "nodes").mkdir(parents=True)
    (directory / "nodes" / "Person.csv").write_text('id:ID(Entity),birthYear:long\n"p1","nineteen"\n')
    (directory / ARGS_FILE).write_text("--nodes=Entity:Person=nodes/Person.csv\n")
    try:
        with pytest.raises(ServerError) as failure:
            bulk_load(neo4j_settings, directory)
        assert "neo4j-admin database import failed" in str(failure.value)
        assert "nineteen" in str(failure.value)
    finally:  # leave the instance running for the other tests
        composition.start_embedded(neo4j_settings)
    with composition.connect(neo4j_settings) as restarted:
        apply_schema(restarted, composition.model_of(neo4j_settings))
        assert restarted.read(CypherQuery("count", "MATCH (n) RETURN count(n) AS n")) == [{"n": 0}]
