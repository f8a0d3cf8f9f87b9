"""Identity resolution on the real Neo4j: records from three agencies, resolved, split, explained."""

import json

import pytest
from typer.testing import CliRunner

from chokepoint.cli.main import app
from chokepoint.errors import NotFound
from chokepoint.graph.queries import CypherQuery
from chokepoint.resolution import service
from tests.integration.conftest import load, scalar

pytestmark = pytest.mark.neo4j

PASSPORT = {"label": "IdentityDocument", "docType": "Passport", "number": "G1234567", "issuingCountry": "MX"}
PHONE = {"label": "Phone", "number": "+8613800000000"}


def node(label, id_, **props):
    return {"label": label, "record": id_, "props": {"id": id_, **props}}


def rel(type_, source, target):
    return {"type": type_, "record": f"{source}>{target}", "from": source, "to": target}


OFAC = {
    "provenance": {"dataset": "ofac-test", "agency": "OFAC", "caveat": "PUBLIC"},
    "nodes": [
        node(
            "Person",
            "ofac:11111",
            name="GUZMAN LOERA, Joaquin",
            ofacUid=11111,
            birthDates=["1957-04-04"],
            nationalities=["MX"],
        ),
        node(
            "Organization",
            "ofac:22222",
            name="Hubei Jingao Shengwu Keji Co., Ltd.",
            registrationNumber="91420100 MA4K",
            country="CN",
        ),
    ],
}
DEA = {
    "provenance": {"dataset": "dea-test", "agency": "DEA", "caveat": "LES"},
    "nodes": [
        node("Person", "dea:p1", name="Joaquín Archivaldo Guzmán Loera", birthDates=["1957-04-04"]),
        node("Person", "dea:p2", name="El Chapo", ofacUid=11111),
        node("Person", "dea:p3", name="Zhang Xiao Ming"),
        node("Person", "dea:p4", name="Juan Perez", birthDates=["1980"]),
        node("Person", "dea:p5", name="Carlos Mendoza"),
        node("Person", "dea:p6", name="Zhang Wei"),
        node("VendorAccount", "dea:v1", market="alphabay", handle="chapo_rx", pgpFingerprint="ab" * 20),
        {
            "label": "IdentityDocument",
            "record": "doc",
            "props": {k: v for k, v in PASSPORT.items() if k != "label"},
        },
        {"label": "Phone", "record": "phone", "props": {"number": PHONE["number"]}},
    ],
    "relationships": [
        rel("HAS_DOCUMENT", {"label": "Person", "id": "dea:p5"}, PASSPORT),
        rel("USES_PHONE", {"label": "Person", "id": "dea:p3"}, PHONE),
    ],
}
HSI = {
    "provenance": {"dataset": "hsi-test", "agency": "HSI", "caveat": "ORCON"},
    "nodes": [
        node("Person", "hsi:p1", name="Xiaoming ZHANG"),
        node("Person", "hsi:p2", name="Juan Perez Gomez", birthDates=["1975-02-02"]),
        node("Person", "hsi:p3", name="C. Mendoza Ruiz"),
        node("Person", "hsi:p4", name="Zhang Wen"),
        node(
            "Organization",
            "hsi:o1",
            name="湖北精奥生物科技有限公司",
            registrationNumber="91420100MA4K",
            country="CN",
        ),
        node("VendorAccount", "hsi:v1", market="dream", handle="chapo.rx", pgpFingerprint="AB" * 20),
    ],
    "relationships": [
        rel("HAS_DOCUMENT", {"label": "Person", "id": "hsi:p3"}, PASSPORT),
        rel("USES_PHONE", {"label": "Person", "id": "hsi:p1"}, PHONE),
    ],
}
EXPECTED_RULES = {
    ("dea:p2", "ofac:11111"): "strong:ofacUid",
    ("dea:p5", "hsi:p3"): "strong:document",
    ("dea:p3", "hsi:p1"): "strong:phone",
    ("hsi:o1", "ofac:22222"): "strong:registration",
    ("dea:v1", "hsi:v1"): "strong:pgp",
    ("dea:p1", "ofac:11111"): "name+birthdate",
}
SAME_AS = CypherQuery(
    "same_as",
    "MATCH (a)-[x:SAME_AS]->(b) RETURN a.id AS source, b.id AS target, properties(x) AS props "
    "ORDER BY source, target",
)


@pytest.fixture
def loaded(graph, tmp_path):
    for name, records in (("ofac", OFAC), ("dea", DEA), ("hsi", HSI)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        (report,) = load(graph, "records", path, tmp_path)
        assert report.rejected == []
    return graph


def links(graph):
    return {(r["source"], r["target"]): r["props"] for r in graph.read(SAME_AS)}


def test_strong_identifiers_and_name_with_birthdate_merge(loaded, model):
    report = service.run(loaded, model)
    found = links(loaded)
    assert {pair: props["rule"] for pair, props in found.items()} == EXPECTED_RULES
    assert report.linked == dict.fromkeys(EXPECTED_RULES.values(), 1)
    name_link = found[("dea:p1", "ofac:11111")]
    assert name_link["records"] == ["dea-test:dea:p1", "ofac-test:ofac:11111"]
    assert 0.9 <= name_link["score"] < 1.0 and "1957-04-04" in name_link["explanation"]
    assert {props["score"] for pair, props in found.items() if pair != ("dea:p1", "ofac:11111")} == {1.0}
    resolved = CypherQuery(
        "r", "MATCH (n) WHERE n.resolvedId IS NOT NULL RETURN n.id AS id, n.resolvedId AS r"
    )
    # resolvedId names PUBLIC clusters only (every link here rests on a restricted record) ...
    assert loaded.read(resolved) == []
    # ... while the everything view (resolve explain) joins the clusters over every link
    assert service.explain(loaded, "dea:p1").resolved_id == "ofac:11111"
    assert {m.id for m in service.explain(loaded, "dea:p1").members} == {"dea:p1", "dea:p2", "ofac:11111"}
    assert service.explain(loaded, "hsi:o1").resolved_id == "ofac:22222"
    assert service.explain(loaded, "hsi:p1").resolved_id == "dea:p3"
    assert service.explain(loaded, "hsi:p2").resolved_id is None  # a singleton


def test_no_merge_below_threshold_or_against_a_conflicting_birth_date(loaded, model):
    report = service.run(loaded, model)
    pairs = set(links(loaded))
    assert ("dea:p6", "hsi:p4") not in pairs  # Zhang Wei / Zhang Wen: name alone, below threshold
    assert ("dea:p4", "hsi:p2") not in pairs  # Juan Perez 1980 / Juan Perez Gomez 1975
    assert report.not_linked["below-threshold"] >= 1 and report.not_linked["veto:birthdate"] == 1


def test_links_are_marked_by_their_evidence(loaded, model):
    report = service.run(loaded, model)
    found = links(loaded)
    marked = {pair: (props["markings"], props["sourceRecordMarkings"]) for pair, props in found.items()}
    assert marked == {
        # evidence: a DEA LES node and a PUBLIC one: decided in DEA|LES's view, marked for it
        ("dea:p2", "ofac:11111"): (["DEA|LES"], ["DEA|LES"]),
        ("dea:p1", "ofac:11111"): (["DEA|LES"], ["DEA|LES"]),
        # evidence: an HSI ORCON node and a PUBLIC one: HSI's own view, marked ORCON (only HSI holds it)
        ("hsi:o1", "ofac:22222"): (["HSI|ORCON"], ["HSI|ORCON"]),
        # evidence of DEA LES and HSI ORCON at once: no partner holds both, only everything sees them
        ("dea:p3", "hsi:p1"): (["CHOKEPOINT|ORCON"], ["CHOKEPOINT|ORCON"]),
        ("dea:p5", "hsi:p3"): (["CHOKEPOINT|ORCON"], ["CHOKEPOINT|ORCON"]),
        ("dea:v1", "hsi:v1"): (["CHOKEPOINT|ORCON"], ["CHOKEPOINT|ORCON"]),
    }
    assert report.exceptions == 3 and report.views == 4  # PUBLIC, DEA|LES, HSI's own, everything
    assert found[("dea:p2", "ofac:11111")]["records"] == ["dea-test:dea:p2", "ofac-test:ofac:11111"]
    assert (found[("hsi:o1", "ofac:22222")]["agency"], found[("hsi:o1", "ofac:22222")]["caveat"]) == (
        "HSI",
        "ORCON",
    )
    phone = found[("dea:p3", "hsi:p1")]
    assert (phone["agency"], phone["caveat"]) == ("CHOKEPOINT", "ORCON")
    # the phone node, both parties and both USES_PHONE assertions
    assert "dea-test:phone" in phone["records"] and len(phone["records"]) == 5
    assert {record.partition(":")[0] for record in phone["records"]} == {"dea-test", "hsi-test"}
    for props in found.values():
        assert props["sourceDataset"] == "chokepoint-resolution"
        assert props["sourceRecordId"] == props["decisionId"] and props["ingestedAt"] == props["decidedAt"]
        assert props["sourceRecords"] == [f"chokepoint-resolution:{props['decisionId']}"]


def test_evidence_a_view_gains_remarks_the_link(loaded, model, tmp_path):
    """DEA asserts HSI's person and its phone itself: the phone link now rests on DEA LES records
    alone, so DEA's view decides it (marked DEA|LES, naming no HSI record) and the exception goes."""
    service.run(loaded, model)
    more = {
        "provenance": {"dataset": "dea-more", "agency": "DEA", "caveat": "LES"},
        "nodes": [node("Person", "hsi:p1", name="Xiaoming ZHANG")],
        "relationships": [rel("USES_PHONE", {"label": "Person", "id": "hsi:p1"}, PHONE)],
    }
    path = tmp_path / "more.json"
    path.write_text(json.dumps(more), encoding="utf-8")
    load(loaded, "records", path, tmp_path)
    report = service.run(loaded, model)
    assert report.linked == {"strong:phone": 1} and report.removed == 1 and report.exceptions == 2
    phone = [props for pair, props in links(loaded).items() if pair == ("dea:p3", "hsi:p1")]
    assert [p["markings"] for p in phone] == [["DEA|LES"]]
    assert {record.partition(":")[0] for record in phone[0]["records"]} == {"dea-test", "dea-more"}


def test_a_link_written_before_views_is_replaced_by_its_views(loaded, model):
    """A link marked by its ends (CHOKEPOINT|LES, every record of both nodes, the pair-only decision
    id) as before: the next run deletes it and writes the DEA|LES view's decision instead."""
    service.run(loaded, model)
    legacy = CypherQuery(
        "legacy",
        "MATCH (:Entity {id: 'dea:p2'})-[x:SAME_AS]->(:Entity {id: 'ofac:11111'}) "
        "SET x.markings = ['CHOKEPOINT|LES'], x.sourceRecordMarkings = ['CHOKEPOINT|LES'], "
        "x.decisionId = 'same-as:legacy', x.agency = 'CHOKEPOINT' RETURN count(x) AS n",
    )
    assert loaded.write(legacy)[0]["n"] == 1
    report = service.run(loaded, model)
    assert report.removed == 1 and report.linked == {"strong:ofacUid": 1}
    link = links(loaded)[("dea:p2", "ofac:11111")]
    assert (link["markings"], link["agency"]) == (["DEA|LES"], "DEA") and link[
        "decisionId"
    ] != "same-as:legacy"


def test_running_again_creates_nothing(loaded, model):
    service.run(loaded, model)
    snapshot = CypherQuery(
        "s",
        "MATCH (n:Entity) OPTIONAL MATCH (n)-[x]->(m) RETURN n.id AS id, properties(n) AS node, "
        "type(x) AS type, m.id AS target, properties(x) AS rel ORDER BY id, type, target",
    )
    before = loaded.read(snapshot)
    again = service.run(loaded, model)
    assert sum(again.linked.values()) == 0 and again.resolved_ids_changed == 0
    assert again.caveats_updated == 0
    assert loaded.read(snapshot) == before


def test_split_persists_across_a_rerun(loaded, model):
    service.run(loaded, model)
    result = service.split(loaded, "dea:p1", ["ofac:11111"], reason="different mother's name", by="analyst7")
    assert result.removed == ("ofac:11111",) and result.new_splits == 1
    assert ("dea:p1", "ofac:11111") not in links(loaded)
    assert scalar(loaded, "MATCH (n {id: 'dea:p1'}) RETURN n.resolvedId AS r") is None
    split_link = loaded.read(
        CypherQuery("n", "MATCH (a)-[x:NOT_SAME_AS]->(b) RETURN a.id AS a, b.id AS b, properties(x) AS p")
    )
    assert [(r["a"], r["b"]) for r in split_link] == [("dea:p1", "ofac:11111")]
    props = split_link[0]["p"]
    assert (props["decidedBy"], props["reason"], props["caveat"]) == (
        "analyst7",
        "different mother's name",
        "LES",
    )
    again = service.run(loaded, model)
    assert sum(again.linked.values()) == 0 and again.not_linked["kept apart by a split"] == 1
    assert ("dea:p1", "ofac:11111") not in links(loaded)


def test_split_from_all_links_and_unknown_ids(loaded, model):
    service.run(loaded, model)
    result = service.split(loaded, "ofac:11111", [], reason="test", by="analyst7")
    assert result.kept_apart == ("dea:p1", "dea:p2")
    assert service.explain(loaded, "ofac:11111").resolved_id is None
    with pytest.raises(NotFound, match="nobody"):
        service.split(loaded, "dea:p1", ["nobody"], reason="test", by="analyst7")


def test_explain_prints_members_and_decisions(loaded, model):
    service.run(loaded, model)
    explanation = service.explain(loaded, "dea:p2")
    assert explanation.resolved_id == "ofac:11111"
    assert [(m.id, m.agency) for m in explanation.members] == [
        ("dea:p1", "DEA"),
        ("dea:p2", "DEA"),
        ("ofac:11111", "OFAC"),
    ]
    assert {d.properties["rule"] for d in explanation.decisions} == {"strong:ofacUid", "name+birthdate"}
    output = CliRunner().invoke(app, ["resolve", "explain", "dea:p2"], terminal_width=250).output
    for expected in (
        "Cluster ofac:11111",
        "GUZMAN LOERA, Joaquin",
        "dea-test",
        "strong:ofacUid",
        "name+birthdate",
        "[DEA|LES]",  # who may see each decision: the grant of its evidence
    ):
        assert expected in output, output


def test_cli_run_and_split(loaded, model):
    runner = CliRunner()
    first = runner.invoke(app, ["resolve", "run"], terminal_width=200)
    assert first.exit_code == 0, first.output
    assert "strong:pgp" in first.output and "name+birthdate" in first.output
    no_reason = runner.invoke(app, ["resolve", "split", "dea:v1", "hsi:v1"])
    assert no_reason.exit_code != 0
    done = runner.invoke(
        app, ["resolve", "split", "dea:v1", "hsi:v1", "--reason", "shared key", "--by", "a7"]
    )
    assert done.exit_code == 0 and "Removed SAME_AS to: hsi:v1" in done.output, done.output
