"""CBP seizure aggregates and the OpenSanctions export, on the real files."""

import json

import pytest

from chokepoint.graph.queries import CypherQuery
from tests.integration.conftest import load, scalar, shared_file

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def cbp(module_graph, tmp_path_factory):
    reports = load(
        module_graph, "cbp-seizures", shared_file("cbp-drug-seizures"), tmp_path_factory.mktemp("cbp")
    )
    return module_graph, reports


def test_fy2022_rows_in_both_files_load_once(cbp):
    graph, reports = cbp
    assert [r.rejected for r in reports] == [[], []]
    # 10,092 + 9,004 rows, of which 2,479 FY2022 keys appear in both files
    assert scalar(graph, "MATCH (s:SeizureStatistic) RETURN count(s)") == 10092 + 9004 - 2479


def test_fentanyl_pounds_per_fiscal_year(cbp):
    graph, _ = cbp
    rows = graph.read(
        CypherQuery(
            "t",
            "MATCH (s:SeizureStatistic)-[:COUNTS_SUBSTANCE]->(:Substance {id: 'substance:fentanyl'}) "
            "RETURN s.fiscalYear AS fy, round(sum(s.quantityLbs)) AS lbs ORDER BY fy",
        )
    )
    assert {r["fy"]: r["lbs"] for r in rows} == {
        2019: 2804,
        2020: 4791,
        2021: 11201,
        2022: 14700,
        2023: 27023,
        2024: 21889,
        2025: 8465,
    }


def test_areas_become_locations_answerable_by_drug_area_and_year(cbp):
    graph, _ = cbp
    assert scalar(graph, "MATCH (l:Location) WHERE l.id STARTS WITH 'cbp-area:' RETURN count(l)") == 41
    san_diego = scalar(
        graph,
        "MATCH (s:SeizureStatistic {fiscalYear: 2023, drugType: 'Fentanyl'})-[:COUNTED_IN]->"
        "(l:Location {name: 'San Diego Field Office'}) WITH l, count(s) AS n "
        "RETURN l.kind + '/' + toString(n > 0)",
    )
    assert san_diego == "field_office/true"
    sector = scalar(graph, "MATCH (l:Location {name: 'Tucson Sector'}) RETURN l.kind")
    assert sector == "border_patrol_sector"


def test_reloading_the_folder_changes_nothing(cbp, tmp_path):
    graph, first = cbp
    again = load(graph, "cbp-seizures", shared_file("cbp-drug-seizures"), tmp_path)
    assert [(r.counts.created, r.counts.updated) for r in again] == [(0, 0), (0, 0)]
    assert [r.read for r in again] == [r.read for r in first]


def test_opensanctions_wallets_become_tagged_addresses(module_graph, tmp_path):
    path = shared_file("opensanctions-ransomwhere/targets.simple.csv")
    report = load(module_graph, "opensanctions", path, tmp_path)[0]
    assert report.read == 11186 and report.rejected == []
    row = module_graph.read(
        CypherQuery(
            "t",
            "MATCH (a:CryptoAddress {address: '1123pJv8jzeFQaCV4w644pzQJzVWay2zcA'}) "
            "RETURN a.chain AS chain, a.tags AS tags, a.sourceDataset AS dataset",
        )
    )
    assert row == [{"chain": "bitcoin", "tags": ["Locky"], "dataset": "opensanctions"}]


def test_followthemoney_entities_wallets_and_links(graph, tmp_path):
    entities = [
        {
            "id": "ofac-26236",
            "schema": "Person",
            "properties": {"name": ["ZHENG, Fujing"], "alias": ["Gordon"], "nationality": ["cn"]},
        },
        {
            "id": "co-qinsheng",
            "schema": "Company",
            "properties": {"name": ["Qinsheng Pharmaceutical"], "country": ["cn"]},
        },
        {
            "id": "w1",
            "schema": "CryptoWallet",
            "properties": {
                "publicKey": ["0x175d44451403Edf28469dF03A9280c1197ADb92c"],
                "currency": ["ETH"],
                "holder": ["co-qinsheng"],
            },
        },
        {
            "id": "own1",
            "schema": "Ownership",
            "properties": {"owner": ["ofac-26236"], "asset": ["co-qinsheng"]},
        },
        {"id": "own2", "schema": "Ownership", "properties": {"owner": ["nobody"], "asset": ["co-qinsheng"]}},
        {"id": "v1", "schema": "Vehicle", "properties": {"name": ["truck"]}},
    ]
    path = tmp_path / "entities.ftm.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in entities) + "\n{not json\n", encoding="utf-8")
    report = load(graph, "opensanctions", path, tmp_path)[0]
    reasons = {r.record_id: r.reason for r in report.rejected}
    assert set(reasons) == {"own2", "v1", "entities.ftm.jsonl:line 7"}
    row = graph.read(
        CypherQuery(
            "t",
            "MATCH (p:Person {id: 'ofac:26236'})<-[:OWNED_OR_CONTROLLED_BY]-(c:Organization)"
            "-[:CONTROLS_ADDRESS]->(a:CryptoAddress) RETURN p.aliases AS aliases, c.country AS country, "
            "a.address AS address, a.chain AS chain",
        )
    )
    assert row == [
        {
            "aliases": ["Gordon"],
            "country": "CN",
            "address": "0x175d44451403edf28469df03a9280c1197adb92c",
            "chain": "ethereum",
        }
    ]
