"""wallet-ledger and darknet-listing files on the real database: nodes, links, totals, rejections."""

import datetime as dt
import json

import pytest

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.registry import opener
from chokepoint.ingest.source import Options
from chokepoint.settings import PROJECT_ROOT
from tests.integration.conftest import load, scalar

pytestmark = pytest.mark.neo4j
DOCS = PROJECT_ROOT / "docs" / "formats"
NATIVE = DOCS / "wallet-ledger.example.csv"
ETHERSCAN = DOCS / "wallet-ledger.etherscan.example.csv"
TRONSCAN = DOCS / "wallet-ledger.tronscan.example.csv"
BROKER = "0x08723392ed15743cc38513c4925f5e6be5c17243"
CELL = "0x08b2efdcdb8822efe5ad0eae55517cf5dc544251"
CARTEL = "0x04dba1194ee10112fe6c3207c0687def0e78bacf"
T_BROKER, T_CELL = "TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM", "TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz"
LEDGERS = (
    (NATIVE, {"dataset": "irs-ci-ledger-a", "agency": "IRS-CI", "caveat": "LES"}),
    (ETHERSCAN, {"dataset": "hsi-etherscan-b", "agency": "HSI", "caveat": "FOUO"}),
    (TRONSCAN, {"dataset": "dea-tronscan-c", "agency": "DEA", "caveat": "SBU"}),
)
TOTALS = """
MATCH (a:CryptoAddress {chain: $chain, address: $sender})-[x:SENT_FUNDS_TO {asset: $asset}]->
      (b:CryptoAddress {chain: $chain, address: $receiver})
RETURN x.totalAmount AS total, x.transferCount AS count, x.firstSeen AS first, x.lastSeen AS last,
       x.caveat AS caveat, x.sourceDataset AS dataset, x.sourceRecords AS records, x.ingestedAt AS stamped
"""


def totals(graph, chain, sender, receiver, asset):
    rows = graph.read(
        CypherQuery("totals", TOTALS), chain=chain, sender=sender, receiver=receiver, asset=asset
    )
    assert len(rows) == 1, rows
    return rows[0]


def load_ledgers(graph, tmp_path):
    return [
        report
        for path, options in LEDGERS
        for report in load(graph, "wallet-ledger", path, tmp_path, **options)
    ]


def test_three_overlapping_ledgers_give_totals_from_the_transfers(graph, tmp_path):
    reports = load_ledgers(graph, tmp_path)
    assert [len(report.rejected) for report in reports] == [0, 0, 0]
    # 6 native + 4 Etherscan (1 already in the native file) + 3 Tronscan (1 already there)
    assert scalar(graph, "MATCH (t:Transfer) RETURN count(t)") == 11
    assert scalar(graph, "MATCH (:CryptoAddress)-[s:SENT]->(:Transfer) RETURN count(s)") == 11
    assert scalar(graph, "MATCH (:Transfer)-[r:RECEIVED]->(:CryptoAddress) RETURN count(r)") == 11
    assert scalar(graph, "MATCH ()-[x:SENT_FUNDS_TO]->() RETURN count(x)") == 9

    both = totals(graph, "ethereum", BROKER, CELL, "USDT")  # native 9,800.50 + Etherscan 4,250.75
    assert both["total"] == "14051.25" and both["count"] == 2  # exact decimal text
    assert both["first"].to_native() == dt.datetime(2024, 3, 3, 17, 20, tzinfo=dt.UTC)
    assert both["last"].to_native() == dt.datetime(2024, 3, 4, 3, 20, tzinfo=dt.UTC)
    assert both["caveat"] == "LES"  # the most restrictive of its transfers' caveats (LES, FOUO)
    overlap = totals(graph, "ethereum", CARTEL, BROKER, "USDT")  # the same transfer in two ledgers
    assert (overlap["total"], overlap["count"]) == ("25000", 1)
    assert sorted(overlap["records"]) == [
        "hsi-etherscan-b:transfer-totals",
        "irs-ci-ledger-a:transfer-totals",
    ]
    tron = totals(graph, "tron", T_BROKER, T_CELL, "USDT")  # 14,999.99 and 14999990000 / 10^6
    assert (tron["total"], tron["count"]) == ("14999.99", 1)
    btc = totals(
        graph, "bitcoin", "123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX", "125W5ek3DT6Zqy5S2iPt4FHQdNMCbZA3FU", "BTC"
    )
    assert (btc["total"], btc["count"]) == ("0.8225", 2)
    usdc = totals(graph, "ethereum", CELL, BROKER, "USDC")
    assert (usdc["total"], usdc["count"], usdc["dataset"]) == ("3000", 1, "hsi-etherscan-b")

    shared = scalar(
        graph,
        "MATCH (t:Transfer {chain: 'tron', logIndex: 0}) WHERE size(t.sourceRecords) = 2 RETURN t.txHash",
    )
    assert shared == "ec6bce1e0463d5f93c8247d8820b4b259f41031d2801f9d45002096bcff17a1b"
    assert scalar(graph, "MATCH (a:CryptoAddress {address: $a}) RETURN a.assets", a=CARTEL) == ["USDT"]


def test_loading_the_ledgers_again_changes_nothing(graph, tmp_path):
    load_ledgers(graph, tmp_path)
    before = totals(graph, "ethereum", BROKER, CELL, "USDT")
    again = load_ledgers(graph, tmp_path)
    assert [(r.counts.created, r.counts.updated) for r in again] == [(0, 0)] * 3
    after = totals(graph, "ethereum", BROKER, CELL, "USDT")
    assert after == before  # totals, caveat, provenance and ingestedAt alike
    assert scalar(graph, "MATCH (t:Transfer) RETURN count(t)") == 11
    assert scalar(graph, "MATCH ()-[x:SENT_FUNDS_TO]->() RETURN sum(x.transferCount)") == 11


def test_the_json_envelope_loads_with_its_own_provenance(graph, tmp_path):
    [report] = load(graph, "wallet-ledger", DOCS / "wallet-ledger.example.json", tmp_path)
    assert report.rejected == []
    eth = totals(graph, "ethereum", CELL, BROKER, "ETH")
    assert (eth["total"], eth["count"], eth["caveat"], eth["dataset"]) == (
        "1.75",
        1,
        "LES",
        "irs-ci-ledger-example",
    )
    assert scalar(graph, "MATCH (t:Transfer) WHERE t.synthetic RETURN count(t)") == 3


def test_bad_rows_are_rejected_by_line_and_transaction_and_the_rest_load(graph, tmp_path):
    ledger = tmp_path / "ledger.csv"
    good = f"ethereum,0x{'a' * 64},0,{BROKER},{CELL},USDT,100,1709400000,1\n"
    ledger.write_text(
        "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
        + good
        + f"tron,{'b' * 64},0,TAYhjpL8pPs8T84FSM329nffQpc6jD8GBN,{T_CELL},USDT,5,1709400000,2\n"  # checksum
        + f"dogecoin,{'c' * 64},0,DBXu2kgc3xtvCUWFcxFE3r9hEYgmuaaCyD,{T_CELL},DOGE,5,1709400000,3\n"
        + f"ethereum,0x{'d' * 64},0,{BROKER},{CELL},USDT,lots,1709400000,4\n"
        + f"ethereum,0x{'e' * 64},0,{BROKER},{CELL},USDT,7,next tuesday,5\n"
        + f"ethereum,0x{'f' * 64},0,{BROKER},{CELL},USDT,-3,1709400000,6\n",
        encoding="utf-8",
    )
    options = {"dataset": "bad-ledger", "agency": "FBI", "caveat": "LES"}
    [report] = load(graph, "wallet-ledger", ledger, tmp_path, **options)
    rejected = {r.record_id: r.reason for r in report.rejected}
    assert len(rejected) == 5
    assert "bad base58check checksum" in rejected[f"tron:{'b' * 64}:0"]
    assert "ledger.csv line 3" in rejected[f"tron:{'b' * 64}:0"]
    assert "chain" in rejected[f"dogecoin:{'c' * 64}:0"] and "line 4" in rejected[f"dogecoin:{'c' * 64}:0"]
    assert "amount 'lots' is not a decimal number" in rejected[f"ethereum:0x{'d' * 64}:0"]
    assert "timestamp 'next tuesday'" in rejected[f"ethereum:0x{'e' * 64}:0"]
    assert "non-negative" in rejected[f"ethereum:0x{'f' * 64}:0"]
    assert scalar(graph, "MATCH (t:Transfer) RETURN count(t)") == 1
    assert totals(graph, "ethereum", BROKER, CELL, "USDT")["total"] == "100"
    again = load(graph, "wallet-ledger", ledger, tmp_path, **options)[0]
    assert (again.counts.created, again.counts.updated, len(again.rejected)) == (0, 0, 5)


def test_a_csv_without_provenance_or_layout_stops_before_writing(graph, tmp_path):
    with pytest.raises(ConfigurationError, match="--dataset, --agency, --caveat"):
        opener("wallet-ledger")(NATIVE, Options())
    with pytest.raises(ConfigurationError, match="caveat"):
        opener("wallet-ledger")(NATIVE, Options(dataset="x", agency="DEA", caveat="SECRET"))
    statement = tmp_path / "statement.csv"
    statement.write_text("date,description,amount\n2024-01-02,rent,900\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match="matches no known layout"):
        opener("wallet-ledger")(statement, Options(dataset="x", agency="DEA", caveat="LES"))
    with pytest.raises(InvalidRecord, match="declares format 'seizure-report'"):
        opener("wallet-ledger")(DOCS / "seizure-report.example.json", Options())
    assert scalar(graph, "MATCH (n) RETURN count(n)") == 0


DARKNET = DOCS / "darknet-listing.example.json"
FINGERPRINT = "3F2A9C417B0E55D1A8C32E946F10B7D20C8E4A19"


def test_darknet_listing_example_becomes_accounts_markets_operators_and_listings(graph, tmp_path):
    [report] = load(graph, "darknet-listing", DARKNET, tmp_path)
    assert report.rejected == []
    accounts = graph.read(
        CypherQuery(
            "accounts",
            """
        MATCH (v:VendorAccount)-[:ON_MARKET]->(m:DarknetMarket)
        RETURN v.id AS id, v.market AS market, v.pgpFingerprint AS pgp, m.id AS marketId, m.name AS name,
               v.acceptedCoins AS coins, v.sourceRecordId AS record
        ORDER BY id""",
        )
    )
    assert [(a["id"], a["marketId"], a["pgp"], a["record"]) for a in accounts] == [
        (
            "VendorAccount:silk-lantern|BlueLotusRx",
            "darknet-market:silk-lantern",
            FINGERPRINT,
            "silk-lantern:BlueLotusRx",
        ),
        ("VendorAccount:tortuga|BlueLotusRx", "darknet-market:tortuga", FINGERPRINT, "tortuga:BlueLotusRx"),
    ]  # the same handle on two markets is two accounts; the fingerprint, normalised, ties them for resolution
    assert accounts[1]["coins"] == ["BTC", "XMR", "USDT"] and accounts[0]["coins"] == ["BTC"]
    operators = graph.read(
        CypherQuery(
            "operators",
            """
        MATCH (p:Person)-[:OPERATES]->(v:VendorAccount)
        RETURN p.id AS id, v.market AS market ORDER BY market""",
        )
    )
    assert [(o["id"], o["market"]) for o in operators] == [
        (
            "fbi-jcode-darknet:silk-lantern:BlueLotusRx:operator",
            "silk-lantern",
        ),  # record-scoped: no subject id
        ("fbi:jc-5521", "tortuga"),  # the agency's subject file
    ]
    phone = "MATCH (:Person {id: 'fbi:jc-5521'})-[:USES_PHONE]->(ph:Phone) RETURN ph.number"
    assert scalar(graph, phone) == "+16025550188"
    lists = graph.read(
        CypherQuery(
            "lists",
            """
        MATCH (v:VendorAccount {market: 'tortuga'})-[l:LISTS]->(s:Substance)
        RETURN s.id AS substance, l.product AS product, l.price AS price, l.quantity AS quantity,
               l.unit AS unit, l.currency AS currency
        ORDER BY product""",
        )
    )
    assert [(x["substance"], x["product"], x["price"], x["quantity"], x["unit"]) for x in lists] == [
        ("substance:fentanyl", "Fentanyl HCl powder 5g", 310.0, 5.0, "g"),
        ("substance:fentanyl", "M30 blues (pressed fentanyl) x100", 450.0, 100.0, "pills"),
        ("substance:xylazine", "Tranq (xylazine) 10g", 120.0, 10.0, "g"),
    ]
    assert {x["currency"] for x in lists} == {"USD"}
    assert "Stealth shipping upgrade" in scalar(
        graph, "MATCH (v:VendorAccount {market: 'tortuga'}) RETURN v.products"
    )
    paid = scalar(
        graph,
        """
        MATCH (v:VendorAccount)-[:ACCEPTS_PAYMENT_TO]->(a:CryptoAddress)
        RETURN collect(DISTINCT [v.market, a.chain, a.address])""",
    )
    assert sorted(paid) == [
        ["silk-lantern", "bitcoin", "129zKFLoVad9JtxSmDKeJoLCsjhGR7b3vr"],
        ["tortuga", "bitcoin", "129zKFLoVad9JtxSmDKeJoLCsjhGR7b3vr"],  # chain guessed from the form
        ["tortuga", "tron", "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre"],
    ]
    [again] = load(graph, "darknet-listing", DARKNET, tmp_path)
    assert (again.counts.created, again.counts.updated, again.rejected) == (0, 0, [])


def test_a_vendor_paid_through_the_ledgers_is_found_by_the_investigation_path(graph, tmp_path):
    load_ledgers(graph, tmp_path)
    load(graph, "darknet-listing", DARKNET, tmp_path)
    hops = scalar(
        graph,
        """
        MATCH path = (:CryptoAddress {address: $broker})-[:SENT_FUNDS_TO*1..3]->(:CryptoAddress)
                     <-[:ACCEPTS_PAYMENT_TO]-(v:VendorAccount {market: 'tortuga'})
        RETURN min(length(path))""",
        broker=T_BROKER,
    )
    assert hops == 3  # broker -> cell -> vendor's USDT address, then the vendor's payment link


def test_bad_darknet_records_are_rejected_and_the_rest_load(graph, tmp_path):
    document = json.loads(DARKNET.read_text(encoding="utf-8"))
    good = document["records"][0]
    document["records"] = [
        good,
        {**good, "vendor": {**good["vendor"], "handle": "bad-pgp", "pgpFingerprint": "NOT-A-KEY"}},
        {
            **good,
            "vendor": {**good["vendor"], "handle": "bad-wallet"},
            "paymentAddresses": [{"chain": "tron", "address": "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLrf"}],
        },
        {**good, "market": {"id": "Bad Market!", "name": "x"}},
        {**good, "listings": [{"product": "x", "priceUsd": -3}]},
    ]
    path = tmp_path / "listings.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    [report] = load(graph, "darknet-listing", path, tmp_path)
    reasons = {r.record_id: r.reason for r in report.rejected}
    assert len(reasons) == 4
    assert "PGP fingerprint 'NOT-A-KEY'" in reasons["listings.json records[1]"]
    assert "bad base58check checksum" in reasons["listings.json records[2]"]
    assert "market.id" in reasons["listings.json records[3]"]
    assert "listings.0.priceUsd" in reasons["listings.json records[4]"]
    assert scalar(graph, "MATCH (v:VendorAccount) RETURN collect(v.handle)") == ["BlueLotusRx"]


def test_a_transfer_given_twice_in_one_file_loads_once_or_not_at_all(graph, tmp_path):
    """An exact repeat (a copied line; in an explorer export, which has no log index, too) loads once
    and is reported; one transfer id given with two amounts loads neither, naming both lines."""
    header = "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
    once = f"ethereum,0x{'a' * 64},0,{BROKER},{CELL},USDT,100,1709400000,1\n"
    native = tmp_path / "native.csv"
    native.write_text(
        header
        + once
        + once
        + f"ethereum,0x{'b' * 64},0,{BROKER},{CELL},USDT,50,1709400000,2\n"
        + f"ethereum,0x{'b' * 64},0,{BROKER},{CELL},USDT,60,1709400000,2\n",
        encoding="utf-8",
    )
    options = {"dataset": "twice", "agency": "FBI", "caveat": "LES"}
    [report] = load(graph, "wallet-ledger", native, tmp_path, **options)
    reasons = sorted(r.reason for r in report.rejected)
    assert (
        len(reasons) == 3
        and "native.csv line 3): transfer" in reasons[0]
        and "repeats native.csv line 2" in reasons[0]
    )
    assert all("native.csv line 4, native.csv line 5: none of them loaded" in r for r in reasons[1:])
    assert totals(graph, "ethereum", BROKER, CELL, "USDT")["total"] == "100"
    assert scalar(graph, "MATCH (t:Transfer) RETURN count(t)") == 1

    lines = ETHERSCAN.read_text(encoding="utf-8").splitlines()
    copied = tmp_path / "etherscan.csv"
    copied.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    [explorer] = load(graph, "wallet-ledger", copied, tmp_path, dataset="copy", agency="HSI", caveat="FOUO")
    assert [r.reason.split(": ", 1)[1] for r in explorer.rejected] == [
        f"transfer {explorer.rejected[0].record_id} repeats etherscan.csv line 2 exactly: loaded once"
    ]
    assert scalar(graph, "MATCH (t:Transfer) RETURN count(t)") == 1 + len(lines) - 1


TRANSACTIONS = DOCS / "wallet-ledger.etherscan-transactions.example.csv"


def test_an_etherscan_normal_transaction_export_loads_its_coin_transfers(graph, tmp_path):
    """Value_IN(ETH) / Value_OUT(ETH) give the amount and the coin; a failed transaction and a call
    that moved no value are refused saying so; --chain names the chain of a look-alike explorer."""
    options = {"dataset": "eth-normal", "agency": "HSI", "caveat": "FOUO"}
    [report] = load(graph, "wallet-ledger", TRANSACTIONS, tmp_path, **options)
    reasons = sorted(r.reason for r in report.rejected)
    assert len(reasons) == 2
    assert "line 4): failed transaction (Error(0): Out of gas): it moved no value" in reasons[0]
    assert "line 5): the transaction moved no value (a contract call)" in reasons[1]
    assert totals(graph, "ethereum", CARTEL, BROKER, "ETH")["total"] == "12.5"
    assert totals(graph, "ethereum", BROKER, CELL, "ETH")["total"] == "3.25"
    [bsc] = load(graph, "wallet-ledger", TRANSACTIONS, tmp_path, chain="bsc", **options)
    assert len(bsc.rejected) == 2
    assert totals(graph, "bsc", CARTEL, BROKER, "ETH")["total"] == "12.5"
    with pytest.raises(ConfigurationError, match="--chain 'dogecoin' is not a chain"):
        load(graph, "wallet-ledger", TRANSACTIONS, tmp_path, chain="dogecoin", **options)
    with pytest.raises(ConfigurationError, match="--chain is for explorer exports"):
        load(graph, "wallet-ledger", NATIVE, tmp_path, chain="bsc", **options)
