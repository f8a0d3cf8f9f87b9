"""The committed synthetic demo records load without rejects and the supply chain can be followed."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from chokepoint import composition
from chokepoint.api.reads import GraphReads
from chokepoint.api.viewer import Viewer
from chokepoint.clustering import service
from chokepoint.graph import Graph
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.registry import SOURCES
from chokepoint.settings import PROJECT_ROOT, Settings
from tests.integration.conftest import load, scalar
from tests.integration.test_btc_transactions import single_payer_payments

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
    """Each ledger row, and each payment of a UTXO transaction with one payer to another address."""
    index = json.loads((RECORDS / "manifest.json").read_text())["ingestInOrder"]
    expected = sum(e["records"] for e in index if e["source"] == "wallet-ledger")
    for entry in (e for e in index if e["source"] == "btc-transactions"):
        for tx in json.loads((RECORDS / entry["file"]).read_text())["records"]:
            expected += len(single_payer_payments(tx))
    assert expected > sum(e["records"] for e in index if e["source"] == "wallet-ledger")  # the slice pays
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


def test_a_broker_address_seized_on_paper_clusters_with_the_wallet_paying_a_designated_supplier(
    demo_graph: Graph, neo4j_settings: Settings
) -> None:
    """The demo's UTXO slice: IRS-CI's transactions co-spend a broker's deposit address (written on paper
    at a DEA seizure) with the broker's wallet that pays a real designated supplier, so IRS-CI sees one
    wallet; the paying wallets' Whirlpool mixes join nothing; a viewer who may not see
    IRS-CI's transactions sees no cluster."""
    text = """MATCH (:Seizure)-[:FOUND_ADDRESS {foundOn: 'paper'}]->(paper:CryptoAddress)-[:SPENT_IN]->(t)
              MATCH (t)<-[:SPENT_IN]-(payer:CryptoAddress)
                    -[:SENT_FUNDS_TO]->(:CryptoAddress {sanctioned: true})
              WHERE payer <> paper
              RETURN DISTINCT paper.address AS paper, payer.address AS payer ORDER BY paper"""
    pairs = demo_graph.read(CypherQuery("test", text))
    assert pairs, "no broker address on paper co-spends with a wallet paying a designated supplier"
    irs = Viewer.of("IRS-CI", ["IRS-CI|LES"])
    for pair in pairs:
        found = _cluster(neo4j_settings, irs, str(pair["paper"]))
        assert pair["payer"] in found.members and pair["paper"] in found.members
        assert found.coinjoins and not found.truncated  # the payers' mixes were met and skipped
        assert {m.membership.rule for m in found.memberships()} == {"co_spend"}
        alone = _cluster(neo4j_settings, Viewer.of("DEA", ["DEA|LES"]), str(pair["paper"]))
        assert alone.members == (pair["paper"],)  # DEA sees the paper address, not IRS-CI's transactions


def _cluster(settings: Settings, viewer: Viewer, address: str) -> service.ViewerCluster:
    async def main() -> service.ViewerCluster:
        user, password = composition.credentials(settings)
        graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
        session = graph.session()
        try:
            return await service.cluster_of_address(GraphReads(session, viewer), "bitcoin", address)
        finally:
            await session.close()
            await graph.close()

    return asyncio.run(main())
