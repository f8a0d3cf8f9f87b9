"""btc-transactions on the real Neo4j: real mainnet transactions from Esplora and Bitcoin Core exports
become one UtxoTransaction node each, with one set of SPENT_IN / PAID_TO links onto the shared
CryptoAddress nodes, whatever file or layout says them, with exact values and per-record provenance."""

from __future__ import annotations

import copy
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.synthetic import identifiers as ids
from tests.integration.conftest import load, scalar
from tests.unit.test_btc_transactions import COSPEND, FIXTURES, GENESIS, envelope_of

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


SINGLE_PAYER = "c9208b6b4059f42bc5d073bc79cb192b3b53411127a796a8659b204089167e3f"
PAYER = "bc1psxwdnle68t60ve7snrusus70suvdfantesgd3x2pyj5djglldecspa78jd"
CHANNEL = "bc1q58mwdk3z0p56j0qg7fcqv8kzpm9vq5ygqwtgjl5astav3ud4lv0qaya83u"
CHANGE = "bc1pqdnu0hvxk8sgc6mdftsn2v8au4868guvwkg06sx4xx2hjqrgpfrszdhqtn"


def sent_funds(graph) -> list[dict[str, object]]:
    text = """
        MATCH (a:CryptoAddress)-[r:SENT_FUNDS_TO]->(b:CryptoAddress)
        RETURN a.address AS sender, b.address AS receiver, r.asset AS asset, r.totalAmount AS total,
               r.transferCount AS transfers, r.markings AS markings
        ORDER BY receiver"""
    return [dict(row) for row in graph.read(CypherQuery("test", text))]


def test_a_single_payers_transaction_gives_the_ledger_totals_once_whichever_source_says_it(graph, tmp_path):
    """The real single-input mainnet transaction pays two other addresses: two exact transfers, the
    same Transfer node as an IRS-CI ledger row of one of them, and nothing counted twice on reload."""
    [report] = load(graph, "btc-transactions", FIXTURES / "esplora-single-payer.json", tmp_path, **FBI)
    assert report.rejected == [] and report.reconciles()
    derived = scalar(
        graph, "MATCH (t:UtxoTransaction {txid: $txid}) RETURN t.transfersDerived", txid=SINGLE_PAYER
    )
    assert derived is True
    expected = [
        {"sender": PAYER, "receiver": CHANGE, "asset": "BTC", "total": "0.20195195", "transfers": 1},
        {"sender": PAYER, "receiver": CHANNEL, "asset": "BTC", "total": "0.09820024", "transfers": 1},
    ]
    assert [{k: v for k, v in row.items() if k != "markings"} for row in sent_funds(graph)] == expected
    assert all(row["markings"] == ["FBI|LES"] for row in sent_funds(graph))

    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
        f"bitcoin,{SINGLE_PAYER},0,{PAYER},{CHANNEL},BTC,0.09820024,1771315113,937047\n",
        encoding="utf-8",
    )
    load(graph, "wallet-ledger", ledger, tmp_path, dataset="irs-ledger", agency="IRS-CI", caveat="LES")
    for _ in range(2):  # the transaction and the ledger again, in either order: nothing changes
        load(graph, "btc-transactions", FIXTURES / "esplora-single-payer.json", tmp_path, **FBI)
        load(graph, "wallet-ledger", ledger, tmp_path, dataset="irs-ledger", agency="IRS-CI", caveat="LES")
    assert int(scalar(graph, "MATCH (t:Transfer) RETURN count(t)")) == 2  # type: ignore[arg-type]
    rows = sent_funds(graph)
    assert [{k: v for k, v in row.items() if k != "markings"} for row in rows] == expected
    assert sorted(rows[1]["markings"]) == ["FBI|LES", "IRS-CI|LES"]  # type: ignore[arg-type]
    assert rows[0]["markings"] == ["FBI|LES"]
    assert counts(graph) == {"transactions": 1, "addresses": 3, "spent": 1, "paid": 2}


def _random_transactions(seed: int, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """``count`` transactions over a pool of eight addresses (so pairs repeat): some with one payer (one
    or several inputs of one address, change back to it sometimes, equal outputs to one payee
    sometimes), the rest with two or three payers."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
    pool = [ids.btc_p2pkh(rng) for _ in range(8)]
    txs: list[dict[str, Any]] = []
    for n in range(count):
        payers = rng.sample(pool, 1 if rng.random() < 0.6 else rng.randint(2, 3))
        inputs = [rng.choice(payers) for _ in range(rng.randint(len(payers), 4))]
        spent = [rng.randint(10_000, 5_000_000) for _ in inputs]
        outputs: list[tuple[str, int]] = []
        budget = sum(spent) - 1_000
        for _ in range(rng.randint(1, 4)):
            value = rng.choice([rng.randint(1, budget // 4), 123_456])  # equal outputs now and then
            outputs.append((rng.choice(pool), value))
        txs.append(
            {
                "txid": f"{seed:02x}{n:062x}",
                "block": 800_000 + n,
                "timestamp": 1_690_000_000 + 600 * n,
                "inputs": [
                    {"address": a, "value": _coins(v), "spentTxid": "ab" * 32, "spentVout": i}
                    for i, (a, v) in enumerate(zip(inputs, spent, strict=True))
                ],
                "outputs": [{"address": a, "value": _coins(v)} for a, v in outputs],
            }
        )
    return txs, pool


def _coins(sats: int) -> str:
    return f"{sats // 10**8}.{sats % 10**8:08d}"


def single_payer_payments(tx: dict[str, Any]) -> list[tuple[int, str, str, str]]:
    """The oracle's rule, written apart from the mapping: when every input names one address, each
    output to another address is a payment (output index, payer, payee, value); else none."""
    payers = {item.get("address") for item in tx["inputs"]}
    if len(payers) != 1 or None in payers:
        return []
    [payer] = payers
    return [
        (index, payer, output["address"], output["value"])
        for index, output in enumerate(tx["outputs"])
        if output.get("address") not in (None, payer)
    ]


def _expected_totals(txs: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[Decimal, int]]:
    """Each pair's total and count over every single payer's payments."""
    totals: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for tx in txs:
        for _, payer, payee, value in single_payer_payments(tx):
            total, count = totals.get((payer, payee), (Decimal(0), 0))
            totals[(payer, payee)] = (total + Decimal(value), count + 1)
    return totals


def test_derived_totals_equal_an_independent_sum_over_overlapping_files_and_ledger_rows(graph, tmp_path):
    """Seeded random transactions in two overlapping files, then an IRS-CI ledger re-stating some of
    the single payers' payments as explorer rows: every pair's total and count is the oracle's, each
    payment once."""
    txs, _ = _random_transactions(7, 60)
    envelope = envelope_of()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps({**envelope, "records": txs[:40]}), encoding="utf-8")
    second.write_text(json.dumps({**envelope, "records": txs[20:]}), encoding="utf-8")
    for path in (first, second, first):
        [report] = load(graph, "btc-transactions", path, tmp_path)
        assert report.rejected == [] and report.reconciles()
    rows = ["chain,txHash,index,from,to,asset,amount,timestamp,block"]
    for tx in txs[::3]:
        for index, payer, payee, value in single_payer_payments(tx):
            rows.append(
                f"bitcoin,{tx['txid']},{index},{payer},{payee},BTC,{value},{tx['timestamp']},{tx['block']}"
            )
    assert len(rows) > 5
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("\n".join(rows) + "\n", encoding="utf-8")
    [report] = load(
        graph, "wallet-ledger", ledger, tmp_path, dataset="irs-ledger", agency="IRS-CI", caveat="LES"
    )
    assert report.rejected == []

    found = {
        (str(row["sender"]), str(row["receiver"])): (Decimal(str(row["total"])), int(row["transfers"]))  # type: ignore[arg-type]
        for row in sent_funds(graph)
    }
    assert found == _expected_totals(txs)
    expected_transfers = sum(count for _, count in _expected_totals(txs).values())
    assert scalar(graph, "MATCH (t:Transfer) RETURN count(t)") == expected_transfers
