"""The committed synthetic demo records load without rejects and the supply chain can be followed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from chokepoint.graph import Graph
from chokepoint.ingest.registry import SOURCES
from chokepoint.settings import PROJECT_ROOT
from tests.integration.conftest import load, scalar

RECORDS = PROJECT_ROOT / "demo" / "records"


@pytest.fixture(scope="module")
def demo_graph(module_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    tmp = tmp_path_factory.mktemp("synthetic")
    load(module_graph, "records", PROJECT_ROOT / "demo" / "ofac_excerpt.json", tmp)
    index = json.loads((RECORDS / "manifest.json").read_text())["ingestInOrder"]
    for entry in index:
        if entry["source"] not in SOURCES:
            continue  # a format whose adapter is not registered yet
        options = dict(entry.get("options", {}))
        if "published" in options:
            options["published"] = dt.date.fromisoformat(options["published"])
        reports = load(module_graph, entry["source"], RECORDS / entry["file"], tmp, **options)
        rejected = [rejection for report in reports for rejection in report.rejected]
        assert not rejected, f"{entry['file']}: {len(rejected)} rejected, first {rejected[:3]}"
    return module_graph


def test_every_transfer_of_the_ledgers_is_loaded(demo_graph: Graph) -> None:
    index = json.loads((RECORDS / "manifest.json").read_text())["ingestInOrder"]
    expected = sum(e["records"] for e in index if e["source"] == "wallet-ledger")
    assert scalar(demo_graph, "MATCH (t:Transfer) WHERE t.synthetic RETURN count(t)") == expected


def test_supplier_to_cell_chain_runs_over_supplies(demo_graph: Graph) -> None:
    chains = scalar(
        demo_graph,
        "MATCH p = (s:Organization)-[:SUPPLIES*1..4]->(c:Organization) "
        "WHERE 'precursor_supplier' IN s.kinds AND 'distribution_cell' IN c.kinds RETURN count(p)",
    )
    assert isinstance(chains, int) and chains > 10


def test_money_runs_from_cell_wallets_through_a_broker_to_a_supplier(demo_graph: Graph) -> None:
    paths = scalar(
        demo_graph,
        "MATCH (cell:Organization)-[:CONTROLS_ADDRESS]->(:CryptoAddress)"
        "-[:SENT_FUNDS_TO]->(deposit:CryptoAddress)<-[:CONTROLS_ADDRESS]-(broker:Organization)-[:CONTROLS_ADDRESS]->(:CryptoAddress)"
        "-[:SENT_FUNDS_TO]->(:CryptoAddress)<-[:CONTROLS_ADDRESS]-(supplier:Organization) "
        "WHERE 'distribution_cell' IN cell.kinds AND 'precursor_supplier' IN supplier.kinds "
        "AND (broker)-[:LAUNDERS_FOR]->(:Organization) "
        "RETURN count(DISTINCT [cell.id, broker.id, supplier.id])",
    )
    assert isinstance(paths, int) and paths > 0


def test_seized_paper_addresses_include_a_sanctioned_one(demo_graph: Graph) -> None:
    count = scalar(
        demo_graph,
        "MATCH (:Seizure)-[f:FOUND_ADDRESS {foundOn: 'paper'}]->(:CryptoAddress {sanctioned: true}) "
        "RETURN count(f)",
    )
    assert isinstance(count, int) and count > 0
