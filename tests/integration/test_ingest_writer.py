import json

import pytest

from chokepoint.errors import InvalidRecord
from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.fixture import read_fixture
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.ingest.writer import GraphWriter
from chokepoint.markings import add_record_marking, marking, record_markings

pytestmark = pytest.mark.neo4j
PROVENANCE = Provenance(dataset="test", agency="DEA", caveat="LES")
COUNT = CypherQuery(
    "count",
    "MATCH (n:Entity) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels",
)


def load(graph, model, path):
    provenance, records = read_fixture(path)
    return GraphWriter(graph, model, provenance).write_all(records)


def test_sample_records_load_with_provenance_everywhere(graph, model, fixtures_dir):
    first = load(graph, model, fixtures_dir / "ofac_sample.json")
    second = load(graph, model, fixtures_dir / "case_sample.json")
    assert first.rejected == [] and second.rejected == []
    assert graph.read(COUNT) == [{"nodes": 30, "rels": 38}]
    missing = CypherQuery(
        "m",
        "MATCH (n:Entity) WHERE n.sourceDataset IS NULL OR n.ingestedAt IS NULL "
        "OR n.agency IS NULL OR n.caveat IS NULL OR n.sourceRecordId IS NULL "
        "RETURN count(n) AS c UNION ALL MATCH ()-[r]->() WHERE "
        "r.sourceDataset IS NULL OR r.ingestedAt IS NULL OR r.agency IS NULL "
        "OR r.caveat IS NULL RETURN count(r) AS c",
    )
    assert graph.read(missing) == [{"c": 0}, {"c": 0}]
    address = CypherQuery(
        "a",
        "MATCH (o:Organization {ofacUid: 32313})-[:CONTROLS_ADDRESS]->(a) "
        "MATCH (s:Seizure)-[f:FOUND_ADDRESS]->(a) RETURN a.id AS id, "
        "a.sourceRecords AS sources, f.foundOn AS foundOn, f.caveat AS caveat",
    )
    assert graph.read(address) == [
        {
            "id": "CryptoAddress:bitcoin|1JPfVv5cWRLx1js9NWxg46dG2CGbeRz4th",
            "sources": ["ofac-sdn-csv:32313"],
            "foundOn": "paper",
            "caveat": "LES",
        }
    ]


def test_reingesting_changes_nothing(graph, model, fixtures_dir):
    load(graph, model, fixtures_dir / "ofac_sample.json")
    snapshot = CypherQuery("s", "MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id")
    before = graph.read(snapshot)
    again = load(graph, model, fixtures_dir / "ofac_sample.json")
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 41)
    assert graph.read(snapshot) == before


def test_changed_value_and_new_source_count_as_updates(graph, model):
    person = NodeRecord("Person", "r1", {"id": "p1", "name": "ZHENG, Fujing"})
    GraphWriter(graph, model, PROVENANCE).write_all([person])
    renamed = NodeRecord("Person", "r1", {"id": "p1", "name": "ZHENG Fujing"})
    report = GraphWriter(graph, model, PROVENANCE).write_all([renamed])
    assert (report.counts.created, report.counts.updated) == (0, 1)
    other = Provenance(dataset="other", agency="OFAC", caveat="PUBLIC")
    GraphWriter(graph, model, other).write_all(
        [NodeRecord("Person", "x9", {"id": "p1", "name": "ZHENG Fujing"})]
    )
    row = graph.read(
        CypherQuery(
            "q",
            "MATCH (p:Person {id: 'p1'}) RETURN p.name AS name, "
            "p.sourceRecords AS sources, p.firstSeenAt < p.ingestedAt AS later",
        )
    )
    assert row == [{"name": "ZHENG Fujing", "sources": ["test:r1", "other:x9"], "later": True}]


def test_bad_records_are_rejected_with_reasons_and_the_rest_load(graph, model):
    records = [
        NodeRecord("Person", "good", {"id": "p1", "name": "A"}),
        NodeRecord("Person", "no-name", {"id": "p2"}),
        NodeRecord("Spaceship", "alien", {"id": "s"}),
        NodeRecord("CryptoAddress", "bad-chain", {"chain": "dogecoin", "address": "D1"}),
        RelationshipRecord(
            "CONTROLS_ADDRESS",
            NodeRef("CryptoAddress", {"id": "x"}),
            NodeRef("Person", {"id": "p1"}),
            "wrong-way",
        ),
        RelationshipRecord(
            "MEMBER_OF",
            NodeRef("Person", {"id": "p1"}),
            NodeRef("Organization", {"id": "nowhere"}),
            "dangling",
        ),
    ]
    report = GraphWriter(graph, model, PROVENANCE).write_all(records)
    reasons = {r.record_id: r.reason for r in report.rejected}
    assert set(reasons) == {"no-name", "alien", "bad-chain", "wrong-way", "dangling"}
    assert "required property 'name' is missing" in reasons["no-name"]
    assert "Unknown node type 'Spaceship'" in reasons["alien"]
    assert "'dogecoin' is not one of" in reasons["bad-chain"]
    assert "does not allow CryptoAddress -[CONTROLS_ADDRESS]-> Person" in reasons["wrong-way"]
    assert "no node with id 'nowhere'" in reasons["dangling"]
    assert report.counts.created == 1
    assert graph.read(COUNT) == [{"nodes": 1, "rels": 0}]


def test_wrong_format_file_stops_before_writing(graph, model, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"provenance": {"dataset": "d", "agency": "DEA", "caveat": "LES"}, "nodes": [')
    with pytest.raises(InvalidRecord, match=r"broken\.json: not a JSON fixture"):
        read_fixture(broken)
    structural = tmp_path / "structural.json"
    structural.write_text(
        json.dumps(
            {
                "provenance": {"dataset": "d", "agency": "DEA", "caveat": "LES"},
                "nodes": [{"label": "Person", "props": {"id": "a", "name": "A"}}, {"props": {}}],
            }
        )
    )
    with pytest.raises(InvalidRecord, match=r"structural.json nodes\[1\]: missing 'label'"):
        read_fixture(structural)
    assert graph.read(COUNT) == [{"nodes": 0, "rels": 0}]


def test_one_marking_shared_by_every_record_is_stored_once(graph, model):
    """While every record of an element has one marking, it is stored once (a short string, not a
    list in a block of its own); a record of another marking turns it into the list, one per record,
    as the bulk import's fold does (``markings.add_record_marking``)."""
    stored = CypherQuery(
        "q",
        "MATCH (p:Person {id: 'p1'}) RETURN p.sourceRecords AS records, "
        "p.sourceRecordMarkings AS listed, p.sourceRecordsMarking AS shared",
    )
    hsi = Provenance(dataset="hsi", agency="HSI", caveat="FOUO")
    steps = [
        (PROVENANCE, "r1", None, "DEA|LES"),
        (Provenance(dataset="dea-2", agency="DEA", caveat="LES"), "r2", None, "DEA|LES"),
        (hsi, "h1", ["DEA|LES", "DEA|LES", "HSI|FOUO"], None),
        (PROVENANCE, "r3", ["DEA|LES", "DEA|LES", "HSI|FOUO", "DEA|LES"], None),
        (hsi, "h1", ["DEA|LES", "DEA|LES", "HSI|FOUO", "DEA|LES"], None),  # no new source: as it was
    ]
    for provenance, record, listed, shared in steps:
        GraphWriter(graph, model, provenance).write_all(
            [NodeRecord("Person", record, {"id": "p1", "name": "X"})]
        )
        row = graph.read(stored)[0]
        assert (row["listed"], row["shared"]) == (listed, shared), record
        assert record_markings(
            row
            | {
                "sourceRecords": row["records"],
                "sourceRecordMarkings": row["listed"],
                "sourceRecordsMarking": row["shared"],
            }
        ) == (listed or [shared] * len(row["records"]))
    folded: dict[str, object] = {}
    for provenance, record, listed, shared in steps:
        add = f"{provenance.dataset}:{record}" not in folded.get("sourceRecords", [])  # type: ignore[operator]
        if add:
            add_record_marking(folded, marking(provenance.agency, provenance.caveat))
            folded["sourceRecords"] = [*folded.get("sourceRecords", []), f"{provenance.dataset}:{record}"]  # type: ignore[misc]
        assert (folded.get("sourceRecordMarkings"), folded.get("sourceRecordsMarking")) == (listed, shared)
