"""An asset is its chain and contract; the symbol is a label (issue 17, item 2).

Five different ``UNI-V2`` pools are five assets, a fake ``USDT`` contract is never added to real
USDT and is flagged as an impersonation, and a listed contract is its asset whatever symbol a file
prints. The listed contracts are data (``schema/assets.yaml``), checked when read.
"""

from __future__ import annotations

import csv

import pytest

from chokepoint.errors import InvalidModel
from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.token_assets import IMPERSONATION, LISTED, UNLISTED, known_assets, parse_assets
from tests.integration.conftest import load
from tests.integration.test_ledger_and_darknet import BROKER, CELL

pytestmark = pytest.mark.neo4j
HEADER = [
    "Transaction Hash",
    "Blockno",
    "UnixTimestamp",
    "From",
    "To",
    "TokenValue",
    "ContractAddress",
    "TokenName",
    "TokenSymbol",
]
REAL_USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7"
FAKE_USDT = "0x" + "f" * 38 + "01"
POOLS = ["0x" + f"{n:02x}" * 20 for n in (0xA1, 0xB2, 0xC3, 0xD4, 0xE5)]
LINKS = CypherQuery(
    "links",
    "MATCH (:CryptoAddress {address: $sender})-[x:SENT_FUNDS_TO]->(:CryptoAddress {address: $receiver}) "
    "RETURN x.asset AS asset, x.totalAmount AS total ORDER BY asset",
)
TRANSFERS = CypherQuery(
    "transfers",
    "MATCH (t:Transfer) RETURN t.asset AS asset, t.token AS token, t.tokenStatus AS status ORDER BY t.txHash",
)


def _export(tmp_path, rows):
    path = tmp_path / "tokens.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        for n, (contract, symbol, amount) in enumerate(rows):
            writer.writerow(
                [
                    f"0x{n + 1:064x}",
                    19_000_000 + n,
                    1_709_400_000 + n,
                    BROKER,
                    CELL,
                    amount,
                    contract,
                    symbol,
                    symbol,
                ]
            )
    return path


def test_contracts_not_symbols_make_assets(graph, tmp_path):
    rows = [(REAL_USDT, "USDT", "100"), (FAKE_USDT, "USDT", "5000"), (REAL_USDT, "USDT0", "1.5")]
    rows += [(pool, "UNI-V2", "1") for pool in POOLS]
    path = _export(tmp_path, rows)
    [report] = load(graph, "wallet-ledger", path, tmp_path, dataset="hsi-tokens", agency="HSI", caveat="FOUO")
    assert report.rejected == []
    links = {row["asset"]: row["total"] for row in graph.read(LINKS, sender=BROKER, receiver=CELL)}
    assert links.pop("USDT") == "101.5"  # the real contract only, whatever symbol the file printed
    assert links.pop(f"USDT@{FAKE_USDT}") == "5000"  # an asset of its own, never added to USDT
    assert links == {f"UNI-V2@{pool}": "1" for pool in POOLS}  # five pools, five assets
    seen = graph.read(TRANSFERS)
    assert [row["status"] for row in seen] == [LISTED, IMPERSONATION, LISTED] + [UNLISTED] * 5
    assert seen[1]["token"] == FAKE_USDT and seen[0]["token"] == REAL_USDT


def test_a_bad_contract_is_refused_by_line(graph, tmp_path):
    path = _export(tmp_path, [("0x12", "USDT", "1"), (REAL_USDT, "USDT", "2")])
    [report] = load(graph, "wallet-ledger", path, tmp_path, dataset="hsi-tokens", agency="HSI", caveat="FOUO")
    [refused] = report.rejected
    assert "tokens.csv line 2" in refused.reason and "token contract" in refused.reason


def test_the_listed_contracts_are_checked_when_read():
    assert known_assets().identify("tron", "USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t").status == LISTED
    token = {"chain": "ethereum", "contract": REAL_USDT, "symbol": "USDT", "decimals": 6, "name": "Tether"}
    with pytest.raises(InvalidModel, match="listed twice"):
        parse_assets({"tokens": [token, {**token, "contract": REAL_USDT.upper().replace("0X", "0x")}]}, "t")
    with pytest.raises(InvalidModel, match=r"tokens\[0\]"):
        parse_assets({"tokens": [{**token, "contract": "0x12345678"}]}, "t")
    with pytest.raises(InvalidModel, match="symbl"):
        parse_assets({"tokens": [{**token, "symbl": "X"}]}, "t")
