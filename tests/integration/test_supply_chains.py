"""The end-to-end chain investigation follows money, control and identity links, not only SUPPLIES."""

import json
import random

import pytest

from chokepoint.demo.report import hop_of, report_lines
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.ingest.writer import GraphWriter
from chokepoint.investigations.catalog import load_catalog
from chokepoint.investigations.runner import run
from chokepoint.synthetic import identifiers as ids
from tests.integration.conftest import load
from tests.integration.test_investigations import (
    CASE,
    QUERIES,
    address,
    flow,
    investigate,
    org,
    person,
    ref,
    rel,
)
from tests.unit.test_btc_transactions import envelope_of, utxo_tx

pytestmark = pytest.mark.neo4j


def money_route():
    """Supplier paid by a broker's wallet; the broker launders for the cartel that supplies the cell.

    The cell's own member is known to HSI under another node, merged by a SAME_AS decision.
    """
    yield from [
        org("sup", "Wuhan Example Biotech", "precursor_supplier"),
        org("broker", "Rim Remittance", "crypto_broker"),
        org("cartel", "CJNG", "cartel"),
        org("cell", "Phoenix cell", "distribution_cell"),
        org("decoy", "Unrelated Trading", "precursor_supplier"),
        person("member-dea", "RAMOS, Daniel"),
        person("member-hsi", "Daniel Ramos"),
        address("supplier-wallet"),
        address("broker-wallet"),
        org("cell2", "Tucson cell", "distribution_cell"),
    ]
    yield from [
        rel("CONTROLS_ADDRESS", ("Organization", "sup"), ("CryptoAddress", "supplier-wallet")),
        rel("CONTROLS_ADDRESS", ("Organization", "broker"), ("CryptoAddress", "broker-wallet")),
        rel(
            "SENT_FUNDS_TO",
            ("CryptoAddress", "broker-wallet"),
            ("CryptoAddress", "supplier-wallet"),
            asset="USDT",
            totalAmount=250000.0,
            transferCount=4,
        ),
        rel("LAUNDERS_FOR", ("Organization", "broker"), ("Organization", "cartel")),
        rel("SUPPLIES", ("Organization", "cartel"), ("Person", "member-dea")),
        rel(
            "SAME_AS",
            ("Person", "member-dea"),
            ("Person", "member-hsi"),
            score=0.96,
            rule="name+birthdate",
            decisionId="same-as:1",
            decidedAt="2026-11-01T00:00:00Z",
        ),
        rel("MEMBER_OF", ("Person", "member-hsi"), ("Organization", "cell")),
    ]


@pytest.fixture
def route_graph(graph, model):
    assert GraphWriter(graph, model, CASE).write_all(money_route()).rejected == []
    return graph


def test_chain_runs_through_wallets_broker_cartel_and_a_merge(route_graph):
    [row] = investigate(route_graph, "supply_and_money_chains")
    assert row["ids"] == [
        "sup",
        "CryptoAddress:bitcoin|supplier-wallet",
        "CryptoAddress:bitcoin|broker-wallet",
        "broker",
        "cartel",
        "member-dea",
        "member-hsi",
        "cell",
    ]
    evidence = [hop_of(link, before) for link, before in zip(row["links"], row["nodes"], strict=False)]
    hops = [(e["type"], e["forward"]) for e in evidence]
    assert hops == [
        ("CONTROLS_ADDRESS", True),
        ("SENT_FUNDS_TO", False),
        ("CONTROLS_ADDRESS", False),
        ("LAUNDERS_FOR", True),
        ("SUPPLIES", True),
        ("SAME_AS", True),
        ("MEMBER_OF", True),
    ]
    assert evidence[1]["amount"] == "250000" and evidence[5]["rule"] == "name+birthdate"


def test_report_names_every_hop_and_its_evidence(route_graph):
    rows = investigate(route_graph, "supply_and_money_chains")
    lines = report_lines(rows)
    assert lines[0] == "1. Wuhan Example Biotech → Phoenix cell: 7 hops"
    assert lines[1] == "Wuhan Example Biotech (Organization: precursor_supplier)"
    assert "←SENT_FUNDS_TO─ [250,000.00 USDT; DEA test-case record" in lines[3]
    assert "─SAME_AS→ [name+birthdate score 0.96; DEA test-case record" in lines[7]
    assert len(lines) == 1 + 1 + 7


CO_SPENT = "ab" * 32


def co_spend_route(coinjoin: bool | None, split: bool = False):
    """Supplier paid by a hot wallet that was spent together with the cell's deposit address: the only
    route is the co-spend (hot -SPENT_IN-> transaction <-SPENT_IN- deposit). ``coinjoin`` None: the
    transaction was ingested before the flag existed."""
    spent = NodeRef("UtxoTransaction", {"chain": "bitcoin", "txid": CO_SPENT})
    tx = {"chain": "bitcoin", "txid": CO_SPENT, "asset": "BTC", "coinbase": False, "outputValue": "0.49"}
    tx |= {"inputCount": 2, "outputCount": 1} | ({} if coinjoin is None else {"coinjoin": coinjoin})
    yield from [
        org("sup", "Wuhan Example Biotech", "precursor_supplier"),
        org("cell", "Phoenix cell", "distribution_cell"),
        address("supplier-wallet"),
        address("hot-wallet"),
        address("deposit"),
        NodeRecord("UtxoTransaction", f"bitcoin:{CO_SPENT}", tx),
        rel("CONTROLS_ADDRESS", ("Organization", "sup"), ("CryptoAddress", "supplier-wallet")),
        flow("hot-wallet", "supplier-wallet", 0.25),
        RelationshipRecord(
            "SPENT_IN", ref("CryptoAddress", "hot-wallet"), spent, "in-0", {"inputIndex": 0, "value": "0.3"}
        ),
        RelationshipRecord(
            "SPENT_IN", ref("CryptoAddress", "deposit"), spent, "in-1", {"inputIndex": 1, "value": "0.2"}
        ),
        rel("CONTROLS_ADDRESS", ("Organization", "cell"), ("CryptoAddress", "deposit")),
    ]
    if split:
        yield from split_decision(CO_SPENT)


def split_decision(txid: str):
    """A decision that the transaction is not one wallet's spend (``cluster split``)."""
    decision = {"decisionId": "split-1", "decidedAt": "2026-12-01T00:00:00Z", "decidedBy": "analyst"}
    decision |= {"reason": "a payjoin", "rule": "co_spend"}
    yield NodeRecord("ClusterSplit", "split-1", decision)
    spent = NodeRef("UtxoTransaction", {"chain": "bitcoin", "txid": txid})
    yield RelationshipRecord(
        "DISREGARDS", NodeRef("ClusterSplit", {"decisionId": "split-1"}), spent, "split-1", {}
    )


# a co-spend steps a chain through; a CoinJoin, a transaction ingested before the flag, a split one do not
CO_SPEND_CASES = pytest.mark.parametrize(
    ("coinjoin", "split", "stepped"),
    [(False, False, True), (True, False, False), (None, False, False), (False, True, False)],
    ids=["co-spend", "coinjoin", "unflagged", "split"],
)


@CO_SPEND_CASES
def test_a_chain_steps_through_a_co_spend_but_never_a_coinjoin_or_a_split_one(
    graph, model, coinjoin, split, stepped
):
    assert GraphWriter(graph, model, CASE).write_all(co_spend_route(coinjoin, split)).rejected == []
    rows = investigate(graph, "supply_and_money_chains")
    if not stepped:
        assert rows == []
        return
    [row] = rows
    wallet = "CryptoAddress:bitcoin|"
    spent = f"UtxoTransaction:bitcoin|{CO_SPENT}"
    assert row["ids"] == [
        "sup",
        f"{wallet}supplier-wallet",
        f"{wallet}hot-wallet",
        spent,
        f"{wallet}deposit",
        "cell",
    ]
    assert [link["type"] for link in row["links"]] == [
        "CONTROLS_ADDRESS",
        "SENT_FUNDS_TO",
        "SPENT_IN",
        "SPENT_IN",
        "CONTROLS_ADDRESS",
    ]


PAYING = "cd" * 32
IRS = Provenance(dataset="irs-btc", agency="IRS-CI", caveat="LES", synthetic=True)


def utxo(txid: str, coinjoin: bool | None, inputs: int, outputs: int) -> NodeRecord:
    tx = {"chain": "bitcoin", "txid": txid, "asset": "BTC", "coinbase": False, "outputValue": "0.9"}
    tx |= {"inputCount": inputs, "outputCount": outputs} | (
        {} if coinjoin is None else {"coinjoin": coinjoin}
    )
    return NodeRecord("UtxoTransaction", f"bitcoin:{txid}", tx)


def spends(holder: str, txid: str, index: int, value: str) -> RelationshipRecord:
    spent = NodeRef("UtxoTransaction", {"chain": "bitcoin", "txid": txid})
    return RelationshipRecord(
        "SPENT_IN",
        ref("CryptoAddress", holder),
        spent,
        f"{txid}:in-{index}",
        {"inputIndex": index, "value": value},
    )


def pays(txid: str, payee: str, index: int, value: str) -> RelationshipRecord:
    paying = NodeRef("UtxoTransaction", {"chain": "bitcoin", "txid": txid})
    return RelationshipRecord(
        "PAID_TO",
        paying,
        ref("CryptoAddress", payee),
        f"{txid}:out-{index}",
        {"outputIndex": index, "value": value},
    )


def broker_route(supplier_wallet: str = "supplier-wallet", deposit: str = "deposit"):
    """The broker's deposit address, the cartel it launders for, the cell that cartel supplies."""
    yield from [
        org("sup", "Wuhan Example Biotech", "precursor_supplier"),
        org("broker", "Rim Remittance", "crypto_broker"),
        org("cartel", "CJNG", "cartel"),
        org("cell", "Phoenix cell", "distribution_cell"),
        address(supplier_wallet),
        address(deposit),
        rel("CONTROLS_ADDRESS", ("Organization", "sup"), ("CryptoAddress", supplier_wallet)),
        rel("CONTROLS_ADDRESS", ("Organization", "broker"), ("CryptoAddress", deposit)),
        rel("LAUNDERS_FOR", ("Organization", "broker"), ("Organization", "cartel")),
        rel("SUPPLIES", ("Organization", "cartel"), ("Organization", "cell")),
    ]


def co_spent_payment(coinjoin: bool | None, split: bool = False):
    """IRS-CI's transactions: a wallet nobody attributed pays the supplier's address (two outputs to
    it) and was spent together with the broker's deposit address in another transaction."""
    yield from [
        address("wallet"),
        utxo(PAYING, False, 1, 3),
        spends("wallet", PAYING, 0, "0.9"),
        pays(PAYING, "supplier-wallet", 0, "0.25"),
        pays(PAYING, "supplier-wallet", 2, "0.15000001"),
        utxo(CO_SPENT, coinjoin, 2, 1),
        spends("deposit", CO_SPENT, 0, "0.3"),
        spends("wallet", CO_SPENT, 1, "0.7"),
    ]
    if split:
        yield from split_decision(CO_SPENT)


@CO_SPEND_CASES
def test_money_chains_find_the_broker_through_a_co_spend_but_never_a_coinjoin_or_a_split_one(
    graph, model, coinjoin, split, stepped
):
    assert GraphWriter(graph, model, CASE).write_all(broker_route()).rejected == []
    assert GraphWriter(graph, model, IRS).write_all(co_spent_payment(coinjoin, split)).rejected == []
    rows = investigate(graph, "money_chains")
    if not stepped:
        assert rows == []
        return
    [row] = rows
    wallet = "CryptoAddress:bitcoin|"
    assert row["ids"] == [
        "sup",
        f"{wallet}supplier-wallet",
        f"UtxoTransaction:bitcoin|{PAYING}",
        f"{wallet}wallet",
        f"UtxoTransaction:bitcoin|{CO_SPENT}",
        f"{wallet}deposit",
        "broker",
        "cartel",
        "cell",
    ]
    types = ["CONTROLS_ADDRESS", "PAID_TO", "SPENT_IN", "SPENT_IN", "SPENT_IN", "CONTROLS_ADDRESS"]
    assert [link["type"] for link in row["links"]] == [*types, "LAUNDERS_FOR", "SUPPLIES"]
    assert row["links"][1]["props"]["outputIndex"] == 0  # the first of the two outputs to the supplier
    assert (row["amountPaid"], row["asset"]) == (pytest.approx(0.40000001), "BTC")
    assert investigate(graph, "money_chains", coSpendSteps=0) == []
    assert run(graph, load_catalog(QUERIES)["money_chains"], {}, ["DEA|LES"]) == []  # not IRS-CI's
    assert len(run(graph, load_catalog(QUERIES)["money_chains"], {}, ["DEA|LES", "IRS-CI|LES"])) == 1


def test_money_chains_take_a_utxo_payment_from_every_input_and_keep_the_shortest_chain(graph, model):
    """The broker's deposit address itself spent in the paying transaction: the chain needs no co-spend
    step, and the other input's way round through the same transaction is not a second chain."""
    assert GraphWriter(graph, model, CASE).write_all(broker_route()).rejected == []
    records = [
        address("wallet"),
        utxo(PAYING, False, 2, 1),
        spends("wallet", PAYING, 0, "0.5"),
        spends("deposit", PAYING, 1, "0.5"),
        pays(PAYING, "supplier-wallet", 0, "0.99"),
    ]
    assert GraphWriter(graph, model, IRS).write_all(records).rejected == []
    [row] = investigate(graph, "money_chains")
    assert [link["type"] for link in row["links"]][:4] == [
        "CONTROLS_ADDRESS",
        "PAID_TO",
        "SPENT_IN",
        "CONTROLS_ADDRESS",
    ]
    assert row["ids"][3] == "CryptoAddress:bitcoin|deposit"


def test_a_single_payers_payment_is_one_chain_through_its_ledger_totals(graph, model, tmp_path):
    """Ingested by the format, the paying transaction of one payer is also that payer's SENT_FUNDS_TO to
    the supplier: money_chains shows it once, as the total, not again through the transaction."""
    rng = random.Random(11)  # noqa: S311 -- fixed test addresses, not secrets
    supplier_wallet, deposit, wallet, change, exchange = (ids.btc_p2pkh(rng) for _ in range(5))
    assert GraphWriter(graph, model, CASE).write_all(broker_route(supplier_wallet, deposit)).rejected == []

    co_spend = utxo_tx(CO_SPENT, [(deposit, "0.3"), (wallet, "0.7")], [(exchange, "0.1"), (wallet, "0.8999")])
    paying = utxo_tx(PAYING, [(wallet, "0.8999")], [(supplier_wallet, "0.5"), (change, "0.3998")])
    envelope = {**envelope_of(co_spend, paying), "dataset": "irs-btc", "agency": "IRS-CI", "synthetic": True}
    path = tmp_path / "txs.json"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    [report] = load(graph, "btc-transactions", path, tmp_path)
    assert report.rejected == []
    [row] = investigate(graph, "money_chains")
    types = ["CONTROLS_ADDRESS", "SENT_FUNDS_TO", "SPENT_IN", "SPENT_IN", "CONTROLS_ADDRESS"]
    assert [link["type"] for link in row["links"]] == [*types, "LAUNDERS_FOR", "SUPPLIES"]
    assert row["ids"][2] == f"CryptoAddress:bitcoin|{wallet}"
    assert (row["amountPaid"], row["asset"]) == (pytest.approx(0.5), "BTC")
