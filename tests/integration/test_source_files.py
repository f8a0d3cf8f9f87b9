"""Each file's SHA-256 is stored once, on its SourceFile node; elements store its 60-bit key and every
read shows the hash, in values and in the value log, whichever process wrote the file."""

from __future__ import annotations

import hashlib

import pytest

from chokepoint import composition
from chokepoint.graph.queries import CypherQuery
from chokepoint.graph.source_files import file_key
from chokepoint.ingest.fixture import read_fixture
from chokepoint.ingest.records import NodeRecord, Provenance
from chokepoint.ingest.writer import GraphWriter
from chokepoint.values.shown import for_viewer
from tests.integration.conftest import scalar

pytestmark = pytest.mark.neo4j

STORED = CypherQuery(
    "stored",
    "MATCH (n:Entity) RETURN n.sourceFile AS key, n.sourceFileSha256 AS hash "
    "UNION ALL MATCH (:Entity)-[r]->() RETURN r.sourceFile AS key, r.sourceFileSha256 AS hash",
)
SHOWN = CypherQuery(
    "shown",
    "MATCH (n:Entity) RETURN properties(n) AS props UNION ALL MATCH ()-[r]->() RETURN properties(r) AS props",
)
FILES = CypherQuery("files", "MATCH (f:SourceFile) RETURN f.key AS key, f.sha256 AS sha256 ORDER BY key")


def load(graph, model, path):
    provenance, records = read_fixture(path)
    return GraphWriter(graph, model, provenance).write_all(records)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_elements_store_the_key_and_reads_show_the_hash(graph, model, fixtures_dir):
    paths = [fixtures_dir / "ofac_sample.json", fixtures_dir / "case_sample.json"]
    for path in paths:
        load(graph, model, path)
    hashes = {file_key(digest(p)): digest(p) for p in paths}
    stored = graph.read(STORED)
    assert {row["key"] for row in stored} == set(hashes)
    assert {row["hash"] for row in stored} == {None}  # the 64 characters are nowhere on an element
    assert graph.read(FILES) == [{"key": k, "sha256": h} for k, h in sorted(hashes.items())]
    shown = [row["props"] for row in graph.read(SHOWN)]
    assert len(shown) == len(stored)
    assert {props.get("sourceFileSha256") for props in shown} == set(hashes.values())
    assert not any("sourceFile" in props for props in shown)

    load(graph, model, paths[0])  # again: no second node for the file
    assert scalar(graph, "MATCH (f:SourceFile) RETURN count(f)") == 2


def test_a_file_written_by_another_process_reads_with_its_hash(graph, model, neo4j_settings, fixtures_dir):
    load(graph, model, fixtures_dir / "ofac_sample.json")
    assert graph.read(SHOWN)  # this process's catalogue now holds the first file only
    with composition.connect(neo4j_settings) as other:
        load(other, model, fixtures_dir / "case_sample.json")
    seen = {row["props"].get("sourceFileSha256") for row in graph.read(SHOWN)}
    assert seen == {digest(fixtures_dir / "ofac_sample.json"), digest(fixtures_dir / "case_sample.json")}


def test_each_viewer_is_shown_the_file_of_its_own_visible_write(graph, model):
    public, restricted = hashlib.sha256(b"public list").hexdigest(), hashlib.sha256(b"case file").hexdigest()
    for dataset, agency, caveat, sha256, name in (
        ("list", "OFAC", "PUBLIC", public, "GUZMAN, A"),
        ("case", "DEA", "LES", restricted, "GUZMAN LOERA, A"),
    ):
        provenance = Provenance(dataset=dataset, agency=agency, caveat=caveat, file_sha256=sha256)
        record = NodeRecord("Person", "r1", {"id": "p:a", "name": name})
        GraphWriter(graph, model, provenance).write_all([record])
    log = scalar(graph, "MATCH (n:Person {id: 'p:a'}) RETURN n.valueStatements")
    assert any(f"\x1esourceFile\x1e{file_key(public)}" in s for s in log)  # stored: keys
    assert not any(public in s or restricted in s for s in log)
    props = graph.read(CypherQuery("p", "MATCH (n:Person {id: 'p:a'}) RETURN properties(n) AS p"))[0]["p"]
    specs = {"name": model.node("Person").properties["name"]}
    outside = for_viewer(props, frozenset({"PUBLIC"}), specs)
    assert (outside["name"], outside["sourceFileSha256"]) == ("GUZMAN, A", public)
    inside = for_viewer(props, frozenset({"PUBLIC", "DEA|LES"}), specs)
    assert (inside["name"], inside["sourceFileSha256"]) == ("GUZMAN LOERA, A", restricted)
