"""btc-transactions on the real Neo4j: real mainnet transactions from Esplora and Bitcoin Core exports
become one UtxoTransaction node each, with one set of SPENT_IN / PAID_TO links onto the shared
CryptoAddress nodes, whatever file or layout says them, with exact values and per-record provenance."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from chokepoint.graph.queries import CypherQuery
from tests.integration.conftest import load, scalar
from tests.unit.test_btc_transactions import COSPEND, FIXTURES, GENESIS

pytestmark = pytest.mark.neo4j
FBI = {"dataset": "fbi-btc", "agency": "FBI", "caveat": "LES"}
HSI = {"dataset": "hsi-btc-node", "agency": "HSI", "caveat": "FOUO"}


def counts(graph) -> dict[str, int]:
    return {
        "transactions": int(scalar(graph, "MATCH (t:UtxoTransaction) RETURN count(t)")),
        "addresses": int(scalar(graph, "MATCH (a:CryptoAddress) RETURN count(a)")),
        "spent": int(scalar(graph, "MATCH ()-[r:SPENT_IN]->() RETURN count(r)")),
        "paid": int(scalar(graph, "MATCH ()-[r:PAID_TO]->() RETURN count(r)")),
    }


def flows(graph) -> list[dict[str, object]]:
    text = """
        MATCH (a:CryptoAddress)-[r:SPENT_IN|PAID_TO]-(t:UtxoTransaction)
        RETURN type(r) AS type, a.address AS address, t.txid AS txid,
               coalesce(r.inputIndex, r.outputIndex) AS index, r.value AS value
        ORDER BY type, index"""
    return [dict(row) for row in graph.read(CypherQuery("test", text))]


def test_transactions_load_exactly_once_from_every_layout(graph, tmp_path):
    [first] = load(graph, "btc-transactions", FIXTURES / "esplora-mainnet.json", tmp_path, **FBI)
    assert first.rejected == [] and first.reconciles()
    assert counts(graph) == {"transactions": 2, "addresses": 4, "spent": 2, "paid": 2}
    loaded = flows(graph)
    assert loaded == [
        {
            "type": "PAID_TO",
            "address": "1EMGRwrmJ5EN95H5aXkjr9fG3HjnPAuM2A",
            "txid": COSPEND,
            "index": 0,
            "value": "0.01132333",
        },
        {
            "type": "PAID_TO",
            "address": "12Jmw3YwGCn83uZBzKSb5jnJWxcfaK2FnX",
            "txid": COSPEND,
            "index": 1,
            "value": "0.5239019",
        },
        {
            "type": "SPENT_IN",
            "address": "1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB",
            "txid": COSPEND,
            "index": 0,
            "value": "0.01133333",
        },
        {
            "type": "SPENT_IN",
            "address": "1BhCBs46WpMkG9vYxyma9eiT5BMPJrbEiK",
            "txid": COSPEND,
            "index": 1,
            "value": "0.5239325",
        },
    ]
    [tx] = graph.read(
        CypherQuery("test", "MATCH (t:UtxoTransaction {txid: $txid}) RETURN t {.*} AS t"), txid=COSPEND
    )
    t = tx["t"]
    assert (t["id"], t["block"], t["fee"], t["inputValue"], t["outputValue"]) == (
        f"UtxoTransaction:bitcoin|{COSPEND}",
        613546,
        "0.0000406",
        "0.53526583",
        "0.53522523",
    )
    assert (t["inputCount"], t["outputCount"], t["unaddressedOutputs"], t["coinbase"]) == (2, 3, 1, False)
    assert t["markings"] == ["FBI|LES"] and t["sourceRecords"] == [f"fbi-btc:bitcoin:{COSPEND}"]
    coinbase = scalar(graph, "MATCH (t:UtxoTransaction {txid: $txid}) RETURN t.coinbase", txid=GENESIS)
    assert coinbase is True

    [again] = load(graph, "btc-transactions", FIXTURES / "esplora-mainnet.json", tmp_path, **FBI)
    assert (again.counts.created, again.counts.updated) == (0, 0) and again.reconciles()

    # the same transactions as another agency's node exports: the same node and links, both sources
    for name in ("core-getrawtransaction.json", "core-getblock-0.json"):
        [report] = load(graph, "btc-transactions", FIXTURES / name, tmp_path, **HSI)
        assert report.rejected == [] and report.counts.created == 0 and report.reconciles()
    assert counts(graph) == {"transactions": 2, "addresses": 4, "spent": 2, "paid": 2}
    assert flows(graph) == loaded
    [tx] = graph.read(
        CypherQuery("test", "MATCH (t:UtxoTransaction {txid: $txid}) RETURN t {.*} AS t"), txid=COSPEND
    )
    assert tx["t"]["block"] == 613546  # getrawtransaction names no height: the one known is kept
    assert sorted(tx["t"]["markings"]) == ["FBI|LES", "HSI|FOUO"]
    assert sorted(tx["t"]["sourceRecords"]) == [
        f"fbi-btc:bitcoin:{COSPEND}",
        f"hsi-btc-node:bitcoin:{COSPEND}",
    ]
    marked = graph.read(
        CypherQuery("test", "MATCH ()-[r:SPENT_IN]->() RETURN r.markings AS markings, r.value AS value")
    )
    assert all(sorted(row["markings"]) == ["FBI|LES", "HSI|FOUO"] for row in marked)


def test_an_address_is_the_same_node_as_a_ledger_names_it(graph, tmp_path):
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
        f"bitcoin,{'ab' * 32},0,1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB,"
        "1BhCBs46WpMkG9vYxyma9eiT5BMPJrbEiK,BTC,0.1,2020-01-01T00:00:00Z,600000\n",
        encoding="utf-8",
    )
    load(graph, "wallet-ledger", ledger, tmp_path, dataset="irs-ledger", agency="IRS-CI", caveat="LES")
    load(graph, "btc-transactions", FIXTURES / "esplora-mainnet.json", tmp_path, **FBI)
    assert counts(graph)["addresses"] == 4
    sent = scalar(
        graph,
        "MATCH (a:CryptoAddress {address: '1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB'}) "
        "RETURN [(a)-[r]->() | type(r)] AS types",
    )
    assert sorted(sent) == ["SENT", "SENT_FUNDS_TO", "SPENT_IN"]  # type: ignore[arg-type]


def test_bad_transactions_are_named_and_the_rest_load(graph, tmp_path):
    good = json.loads((FIXTURES / "esplora-mainnet.json").read_text(encoding="utf-8"))
    negative = copy.deepcopy(good[1])
    negative["txid"] = "ee" * 32
    negative["vin"][0]["prevout"]["value"] = -5
    unconfirmed = json.loads((FIXTURES / "esplora-unconfirmed.json").read_text(encoding="utf-8"))
    path = Path(tmp_path / "mixed.json")
    path.write_text(json.dumps([negative, *good, unconfirmed]), encoding="utf-8")
    [report] = load(graph, "btc-transactions", path, tmp_path, **FBI)
    assert report.reconciles()
    assert sorted(r.record_id for r in report.rejected) == sorted(
        [f"bitcoin:{'ee' * 32}", f"bitcoin:{unconfirmed['txid']}"]
    )
    assert any("input 0: negative value -5 satoshis" in r.reason for r in report.rejected)
    assert counts(graph) == {"transactions": 2, "addresses": 4, "spent": 2, "paid": 2}
    rejects = (tmp_path / "rejects.jsonl").read_text(encoding="utf-8")
    assert "ee" * 32 in rejects and unconfirmed["txid"] in rejects
