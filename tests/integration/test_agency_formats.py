"""Agency record formats on the real database: the committed examples load into the expected graph,
bad records are rejected by name while the rest load, and a re-ingest changes nothing."""

from __future__ import annotations

import json

import pytest

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats.jsonschema import FORMATS_DIR
from chokepoint.ingest.registry import opener
from chokepoint.ingest.source import Options
from tests.integration.conftest import load, scalar

pytestmark = pytest.mark.neo4j
CSV_OPTIONS = {"dataset": "hsi-csv-manifests", "agency": "HSI", "caveat": "LES", "synthetic": True}


def example(name: str, suffix: str = "json"):
    return FORMATS_DIR / f"{name}.example.{suffix}"


def existing_cartel(tmp_path):
    """The OFAC node the intelligence-note example names (as the ofac-advanced ingest would write it)."""
    path = tmp_path / "ofac.json"
    path.write_text(
        json.dumps(
            {
                "provenance": {"dataset": "ofac-sdn-advanced", "agency": "OFAC", "caveat": "PUBLIC"},
                "nodes": [
                    {
                        "label": "Organization",
                        "record": "54417",
                        "props": {"id": "ofac:54417", "name": "LOS CHAPITOS", "ofacUid": 54417},
                    }
                ],
            }
        )
    )
    return path


def test_seizure_report_example_becomes_the_seizure_graph(graph, tmp_path):
    [report] = load(graph, "seizure-report", example("seizure-report"), tmp_path)
    assert report.rejected == [] and report.counts.created > 0
    seizure = scalar(
        graph,
        """
        MATCH (s:Seizure {id: 'seizure:DEA:PX-2026-0417'})
        RETURN [s.cashUsd, s.seizingAgency, s.caveat, s.agency, s.synthetic, s.sourceRecordId]""",
    )
    assert seizure == [48250.0, "DEA Phoenix Field Division", "LES", "DEA", True, "PX-2026-0417"]
    seized = scalar(
        graph,
        """
        MATCH (:Seizure {id: 'seizure:DEA:PX-2026-0417'})-[r:SEIZED]->(x:Substance)
        RETURN collect([x.id, r.quantityKg, r.pillCount])""",
    )
    assert sorted(seized) == [["substance:4-anpp", 0.4, None], ["substance:fentanyl", 3.7, 20000]]
    assert scalar(
        graph,
        """
        MATCH (:Seizure {caseNumber: 'PX-2026-0417'})-[r:ARRESTED]->(p:Person)-[:HAS_DOCUMENT]->(d)
        RETURN [p.id, r.role, d.number, d.issuingCountry]""",
    ) == ["dea:naddis-88231", "arrested", "G12345678", "MX"]
    assert scalar(
        graph,
        """
        MATCH (:Seizure {caseNumber: 'PX-2026-0417'})-[f:FOUND_ADDRESS]->(a:CryptoAddress {chain: 'bitcoin'})
              <-[:CONTROLS_ADDRESS]-(p:Person)
        RETURN [f.foundOn, f.note, p.id]""",
    ) == ["paper", "notebook, kitchen drawer", "dea:naddis-88231"]
    assert scalar(
        graph,
        """
        MATCH (s:Seizure {caseNumber: 'PX-2026-0417'})-[:ATTRIBUTED_TO]->(o:Organization)
              -[:CONTROLS_ADDRESS]->(a:CryptoAddress)<-[:FOUND_ADDRESS]-(s)
        RETURN [o.id, a.chain, a.assets]""",
    ) == ["dea:org-5512", "tron", ["USDT"]]
    assert scalar(
        graph,
        """
        MATCH (:Seizure {caseNumber: 'PX-2026-0417'})-[:SEIZED]->(ph:Phone)
              <-[:USES_PHONE]-(:Person {id: 'dea:naddis-88231'})
        RETURN [ph.number, ph.imei]""",
    ) == ["+16025550143", ["356938035643809"]]
    assert (
        scalar(
            graph,
            """
        MATCH (:Seizure {caseNumber: 'PX-2026-0417'})-[:SEIZED_AT]->(l:Location) RETURN l.id""",
        )
        == "location:us:phoenix-az"
    )
    assert (
        scalar(
            graph,
            """
        MATCH (:Seizure {caseNumber: 'PX-2026-0417'})-[:SEIZED]->(e:Equipment {kind: 'pill_press'})
        RETURN e.serialNumber""",
        )
        == "TDP5-220871"
    )
    suspect = scalar(
        graph, "MATCH (p:Person {name: 'Ana Lucia Beltran'}) RETURN [p.id, COUNT { (p)<-[:ARRESTED]-() }]"
    )
    assert suspect == ["dea-phoenix-seizures:PX-2026-0417:p2", 0]  # a suspect, not arrested

    [again] = load(graph, "seizure-report", example("seizure-report"), tmp_path)
    assert (again.counts.created, again.counts.updated, again.rejected) == (0, 0, [])


def test_bad_seizure_records_are_rejected_and_the_rest_load(graph, tmp_path):
    document = json.loads(example("seizure-report").read_text(encoding="utf-8"))
    good = document["records"][1]
    document["records"] = [
        good,
        {
            **good,
            "caseNumber": "PX-BAD-1",
            "items": [{"kind": "substance", "substance": "fentanyl", "purity": 7}],
        },
        {
            **good,
            "caseNumber": "PX-BAD-2",
            "persons": [],
            "addresses": [{"chain": "ethereum", "address": "0x17516b20A019b5Ff11E96a172b83B73537dCA2f"}],
        },
        {**good, "caseNumber": "PX-BAD-3", "persons": [], "phones": [{"number": "12"}]},
    ]
    path = tmp_path / "reports.json"
    path.write_text(json.dumps(document))
    [report] = load(graph, "seizure-report", path, tmp_path)
    reasons = {rejection.record_id: rejection.reason for rejection in report.rejected}
    assert set(reasons) == {"PX-BAD-1", "PX-BAD-2", "PX-BAD-3"}
    assert "items.0.substance.purity" in reasons["PX-BAD-1"]
    assert "0x17516b20A019b5Ff11E96a172b83B73537dCA2f" in reasons["PX-BAD-2"]
    assert "Phone number '12'" in reasons["PX-BAD-3"]
    assert scalar(graph, "MATCH (s:Seizure) RETURN collect(s.caseNumber)") == ["PX-2026-0433"]
    assert scalar(graph, "MATCH (p:Phone) RETURN count(p)") == 0  # nothing of a rejected record is written


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_shipment_manifest_examples_derive_misdeclared_goods(graph, tmp_path, suffix):
    options = CSV_OPTIONS if suffix == "csv" else {}
    [report] = load(graph, "shipment-manifest", example("shipment-manifest", suffix), tmp_path, **options)
    assert report.rejected == []
    assert sorted(scalar(graph, "MATCH (s:Shipment) RETURN collect([s.billOfLading, s.misdeclared])")) == [
        ["COSU-SYN-440921", None],
        ["MAEU-SYN-778812", True],
        ["SYN-AWB-160-55512360", True],
    ]
    assert sorted(
        scalar(
            graph,
            """
        MATCH (:Port {unlocode: 'CNSHA'})<-[:DEPARTED_FROM]-(s:Shipment {billOfLading: 'MAEU-SYN-778812'})
              -[:ARRIVED_AT]->(:Port {unlocode: 'MXZLO'})
        MATCH (s)-[c:CONTAINED {declared: false}]->(x:Substance)
        RETURN collect([x.id, c.quantityKg])""",
        )
    ) == [["substance:1-boc-4-ap", 50.0], ["substance:4-anpp", 25.0]]
    assert scalar(
        graph,
        """
        MATCH (o:Organization)-[:SHIPPED]->(:Shipment {billOfLading: 'MAEU-SYN-778812'})
        RETURN [o.id, o.country]""",
    ) == ["hsi:hsi-t-30021", "CN"]
    assert sorted(
        scalar(
            graph,
            """
        MATCH (:Shipment {billOfLading: 'SYN-AWB-160-55512360'})-[c:CONTAINED]->(e:Equipment)
        RETURN collect([e.kind, c.declared, c.units])""",
        )
    ) == [["die", False, 4], ["other", True, 1], ["pill_press", False, 1]]
    dataset = "hsi-csv-manifests" if suffix == "csv" else "hsi-manzanillo-manifests"
    assert (
        scalar(graph, "MATCH (s:Shipment {billOfLading: 'COSU-SYN-440921'}) RETURN s.sourceDataset")
        == dataset
    )
    [again] = load(graph, "shipment-manifest", example("shipment-manifest", suffix), tmp_path, **options)
    assert (again.counts.created, again.counts.updated, again.rejected) == (0, 0, [])


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_intel_notes_link_existing_nodes_parties_and_addresses(graph, tmp_path, suffix):
    load(graph, "records", existing_cartel(tmp_path), tmp_path)
    load(graph, "seizure-report", example("seizure-report"), tmp_path)
    load(graph, "shipment-manifest", example("shipment-manifest"), tmp_path)
    options = {**CSV_OPTIONS, "dataset": "dea-phoenix-intel", "agency": "DEA"} if suffix == "csv" else {}
    [report] = load(graph, "intel-note", example("intel-note", suffix), tmp_path, **options)
    assert report.rejected == []
    assert scalar(
        graph,
        """
        MATCH (:Organization {id: 'dea:org-5512'})-[r:MEMBER_OF]->(:Organization {id: 'ofac:54417'})
        RETURN [r.confidence, r.sourceRecordId, r.sourceDataset]""",
    ) == [0.7, "PX-IN-2026-0091", "dea-phoenix-intel"]
    assert scalar(
        graph,
        """
        MATCH (p:Person)-[r:LAUNDERS_FOR]->(:Organization {id: 'ofac:54417'})
        RETURN [p.id, p.name, r.confidence]
        """,
    ) == ["dea:naddis-77310", "Zhang Wei", 0.55]
    assert scalar(
        graph,
        """
        MATCH (:Person {id: 'dea:naddis-88231'})-[r:CONTROLS_ADDRESS {sourceRecordId: 'PX-IN-2026-0093'}]->(a)
        RETURN [a.chain, a.address, a.displayForm, r.confidence]""",
    ) == [
        "ethereum",
        "0x17516b20a019b5ff11e96a172b83b73537dca2f3",
        "0x17516b20A019b5Ff11E96a172b83B73537dCA2f3",
        0.9,
    ]
    assert sorted(
        scalar(
            graph,
            """
        MATCH (:Organization {id: 'ofac:54417'})-[:MENTIONED_IN]->(d:SourceDocument) RETURN collect(d.title)
        """,
        )
    ) == ["CS-1147 debrief", "Title III intercept summary"]
    [again] = load(graph, "intel-note", example("intel-note", suffix), tmp_path, **options)
    assert (again.counts.created, again.counts.updated, again.rejected) == (0, 0, [])


def test_an_intel_note_naming_a_missing_node_loses_only_its_links_to_it(graph, tmp_path):
    """A named node that is not in the graph rejects the note's links to it, naming the id; the note's
    own elements are written, as a build of its readers' visible records (where a node only hidden
    records assert is absent) writes them (ARCHITECTURE.md)."""
    load(graph, "seizure-report", example("seizure-report"), tmp_path)
    [report] = load(graph, "intel-note", example("intel-note"), tmp_path)  # no OFAC node, no HSI manifest
    reasons = {rejection.record_id: rejection.reason for rejection in report.rejected}
    assert set(reasons) == {"PX-IN-2026-0091", "PX-IN-2026-0092", "PX-IN-2026-0094"}
    assert "object: no node with id 'ofac:54417' in the graph" in reasons["PX-IN-2026-0091"]
    assert "MEMBER_OF link" in reasons["PX-IN-2026-0091"]
    assert (
        scalar(graph, "MATCH ()-[r:CONTROLS_ADDRESS {sourceRecordId: 'PX-IN-2026-0093'}]->() RETURN count(r)")
        == 1
    )
    # 0092's party and document are written, with the party's mention; no LAUNDERS_FOR
    party = """
        MATCH (p:Person {id: 'dea:naddis-77310'})-[:MENTIONED_IN]->(d:SourceDocument)
        RETURN [d.title, COUNT { (p)-[:LAUNDERS_FOR]->() }]"""
    assert scalar(graph, party) == ["Title III intercept summary", 0]
    # 0091 names the existing dea:org-5512 and the missing OFAC node: only its mention of the former
    assert scalar(
        graph,
        """
        MATCH (d:SourceDocument)<-[:MENTIONED_IN]-(n) WHERE d.title = 'CS-1147 debrief'
        RETURN collect(n.id)""",
    ) == ["dea:org-5512"]


def test_csv_without_provenance_options_or_of_another_format_stops_before_writing(graph, tmp_path):
    with pytest.raises(ConfigurationError, match="--dataset, --agency, --caveat"):
        opener("shipment-manifest")(example("shipment-manifest", "csv"), Options())
    with pytest.raises(InvalidRecord, match="missing column"):
        opener("intel-note")(example("shipment-manifest", "csv"), Options(**CSV_OPTIONS))
    with pytest.raises(InvalidRecord, match="declares format 'seizure-report', not 'shipment-manifest'"):
        opener("shipment-manifest")(example("seizure-report"), Options())
    assert scalar(graph, "MATCH (n) RETURN count(n)") == 0
