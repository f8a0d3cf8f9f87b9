"""One transfer, one node, whatever source says it (issue 17, item 3).

An Etherscan export has no log index; a node's or an analytics record has the real one. The same
transfer from both is one Transfer (counted once in the totals), in either order; a transaction's
coin transfer and its token transfer are two; two equal transfers a source tells apart by their log
indexes are two.
"""

from __future__ import annotations

import pytest

from chokepoint.settings import PROJECT_ROOT
from tests.integration.conftest import load, scalar
from tests.integration.test_ledger_and_darknet import BROKER, CELL, totals

pytestmark = pytest.mark.neo4j
TX = "0x" + "5a" * 32
USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7"
OWNER = {"dataset": "hsi-ledger", "agency": "HSI", "caveat": "FOUO"}
ETHERSCAN = (
    '"Transaction Hash","Blockno","UnixTimestamp","From","To","TokenValue","ContractAddress","TokenName",'
    '"TokenSymbol"\n'
    f'"{TX}","19350000","1709400000","{BROKER}","{CELL}","18,400","{USDT}","Tether USD","USDT"\n'
)
NATIVE = (
    "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
    f"ethereum,{TX},361,{BROKER},{CELL},USDT,18400.000000,2024-03-02T17:20:00Z,19350000\n"
)
NORMAL = (
    '"Txhash","Blockno","UnixTimestamp","From","To","Value_IN(ETH)","Value_OUT(ETH)","Status","ErrCode"\n'
    f'"{TX}","19350000","1709400000","{BROKER}","{CELL}","0","1.5","",""\n'
)


def _load(graph, tmp_path, name: str, text: str, dataset: str) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    [report] = load(graph, "wallet-ledger", path, tmp_path, **{**OWNER, "dataset": dataset})
    assert report.rejected == [], report.rejected


@pytest.mark.parametrize("order", [("etherscan", "native"), ("native", "etherscan")])
def test_an_explorer_row_and_a_native_row_are_one_transfer(graph, tmp_path, order):
    files = {"etherscan": ETHERSCAN, "native": NATIVE}
    for name in order:
        _load(graph, tmp_path, name, files[name], f"ledger-{name}")
    link = totals(graph, "ethereum", BROKER, CELL, "USDT")
    assert (link["total"], link["count"]) == ("18400", 1)
    assert scalar(graph, "MATCH (t:Transfer) RETURN [count(t), collect(t.logIndex)]") == [1, [361]]
    assert scalar(graph, "MATCH (t:Transfer) RETURN size(t.sourceRecords)") == 2


def test_a_transactions_coin_and_token_transfers_are_two(graph, tmp_path):
    _load(graph, tmp_path, "etherscan", ETHERSCAN, "tokens")
    _load(graph, tmp_path, "normal", NORMAL, "coins")
    assert scalar(graph, "MATCH (t:Transfer {txHash: $tx}) RETURN collect(t.asset)", tx=TX) in (
        ["USDT", "ETH"],
        ["ETH", "USDT"],
    )
    assert totals(graph, "ethereum", BROKER, CELL, "ETH")["total"] == "1.5"


def test_equal_transfers_told_apart_by_log_index_are_two(graph, tmp_path):
    second = NATIVE.splitlines()[1].replace(",361,", ",362,")
    _load(graph, tmp_path, "native", NATIVE + second + "\n", "ledger-native")
    link = totals(graph, "ethereum", BROKER, CELL, "USDT")
    assert (link["total"], link["count"]) == ("36800", 2)
    # and an explorer export of the same transaction, which cannot tell them apart, adds nothing new
    _load(graph, tmp_path, "etherscan", ETHERSCAN, "ledger-etherscan")
    assert totals(graph, "ethereum", BROKER, CELL, "USDT")["count"] == 2


def test_an_internal_transaction_export_loads_what_contracts_moved(graph, tmp_path):
    example = PROJECT_ROOT / "docs" / "formats" / "wallet-ledger.etherscan-internal.example.csv"
    [report] = load(graph, "wallet-ledger", example, tmp_path, **OWNER)
    [reverted] = report.rejected  # the second call reverted: it moved nothing
    assert "line 3" in reverted.reason and "failed transaction" in reverted.reason
    cartel = "0x04dba1194ee10112fe6c3207c0687def0e78bacf"
    assert (
        totals(graph, "ethereum", cartel, "0x08723392ed15743cc38513c4925f5e6be5c17243", "ETH")["total"]
        == "2.75"
    )
