"""btc-transactions: the Esplora and Bitcoin Core layouts read into one model and mapped to the graph
(no database: the records an ingest would write)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats.btc_transactions import open_transactions
from chokepoint.ingest.records import NodeRecord, RejectedRecord, RelationshipRecord
from chokepoint.ingest.source import Options
from chokepoint.synthetic import identifiers as ids

FIXTURES = Path(__file__).parents[1] / "fixtures" / "btc"
PROVENANCE = Options(dataset="fbi-btc", agency="FBI", caveat="LES")
GENESIS = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
COSPEND = "3bbb2f597e714257d4a2f573e9ebfff4ab631277186a40875dbbf4140e90b748"


def records(path: Path, options: Options = PROVENANCE) -> list[Any]:
    [source] = open_transactions(path, options)
    return list(source.records)


def transactions(items: list[Any]) -> dict[str, dict[str, Any]]:
    return {
        r.props["txid"]: r.props for r in items if isinstance(r, NodeRecord) and r.label == "UtxoTransaction"
    }


def links(items: list[Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for r in items:
        if isinstance(r, RelationshipRecord):
            ends = r.source.identity.get("address") or r.target.identity.get("address")
            txid = r.source.identity.get("txid") or r.target.identity.get("txid")
            found.append((r.type, str(ends), str(txid), r.props))
    return sorted(found, key=lambda link: (link[0], link[2], json.dumps(link[3], sort_keys=True)))


def rejected(items: list[Any]) -> list[RejectedRecord]:
    return [r for r in items if isinstance(r, RejectedRecord)]


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def esplora() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((FIXTURES / "esplora-mainnet.json").read_text(encoding="utf-8"))
    return data


def test_esplora_transactions_become_exact_nodes_and_links():
    items = records(FIXTURES / "esplora-mainnet.json")
    assert not rejected(items)
    txs = transactions(items)
    assert txs[COSPEND] == {
        "chain": "bitcoin",
        "txid": COSPEND,
        "asset": "BTC",
        "block": 613546,
        "blockHash": "0000000000000000000496cd14e563bb739f09da09ffe42297e35a3be133383c",
        "timestamp": txs[COSPEND]["timestamp"],
        "coinbase": False,
        "fee": "0.0000406",
        "inputValue": "0.53526583",
        "outputValue": "0.53522523",
        "inputCount": 2,
        "outputCount": 3,
        "unaddressedInputs": 0,
        "unaddressedOutputs": 1,  # the OP_RETURN
        "coinjoin": False,
        "coinjoinRule": None,
        "transfersDerived": False,  # two payers: which paid which output is not in it
    }
    assert txs[COSPEND]["timestamp"].isoformat() == "2020-01-19T12:47:01+00:00"
    genesis = txs[GENESIS]
    assert (genesis["coinbase"], genesis["fee"], genesis["inputValue"], genesis["outputValue"]) == (
        True,
        None,
        None,
        "50",
    )
    assert (genesis["inputCount"], genesis["unaddressedOutputs"]) == (1, 1)  # pay-to-pubkey: no address
    assert links(items) == [
        ("PAID_TO", "1EMGRwrmJ5EN95H5aXkjr9fG3HjnPAuM2A", COSPEND, {"outputIndex": 0, "value": "0.01132333"}),
        ("PAID_TO", "12Jmw3YwGCn83uZBzKSb5jnJWxcfaK2FnX", COSPEND, {"outputIndex": 1, "value": "0.5239019"}),
        (
            "SPENT_IN",
            "1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB",
            COSPEND,
            {
                "inputIndex": 0,
                "value": "0.01133333",
                "spentTxid": "706d78ae02013837ca1ea83b2ac7cae2481a1a3de2c0a1401e78d4736ac6505b",
                "spentVout": 1,
            },
        ),
        (
            "SPENT_IN",
            "1BhCBs46WpMkG9vYxyma9eiT5BMPJrbEiK",
            COSPEND,
            {
                "inputIndex": 1,
                "value": "0.5239325",
                "spentTxid": "706d78ae02013837ca1ea83b2ac7cae2481a1a3de2c0a1401e78d4736ac6505b",
                "spentVout": 2,
            },
        ),
    ]
    addresses = {
        r.props["address"] for r in items if isinstance(r, NodeRecord) and r.label == "CryptoAddress"
    }
    assert len(addresses) == 4
    assert all(
        r.record_id == f"bitcoin:{r.props['address']}"
        for r in items
        if isinstance(r, NodeRecord) and r.label == "CryptoAddress"
    )


def test_core_layouts_give_the_same_transactions_as_esplora():
    from_esplora = records(FIXTURES / "esplora-mainnet.json")
    block = records(FIXTURES / "core-getblock-0.json")
    raw = records(FIXTURES / "core-getrawtransaction.json")
    assert not rejected(block + raw)
    assert transactions(block)[GENESIS] == transactions(from_esplora)[GENESIS]
    # getrawtransaction names the block by hash only: no height, everything else the same
    assert transactions(raw)[COSPEND] == {**transactions(from_esplora)[COSPEND], "block": None}
    assert links(block + raw) == links(from_esplora)


def test_a_whirlpool_mix_is_flagged_a_coinjoin_and_a_payment_with_change_is_not(tmp_path):
    rng = random.Random(5)  # noqa: S311 -- fixed test addresses, not secrets
    mixers, payees = [ids.btc_p2pkh(rng) for _ in range(5)], [ids.btc_bech32(rng) for _ in range(5)]

    mix = utxo_tx("c1" * 32, [(a, "0.010015") for a in mixers], [(a, "0.01") for a in payees])
    payment = utxo_tx(
        "c2" * 32, [(mixers[0], "0.5"), (mixers[1], "0.25")], [(payees[0], "0.7"), (payees[1], "0.0499")]
    )
    envelope = envelope_of(mix, payment)
    txs = transactions(records(write(tmp_path, "mix.json", envelope)))
    assert (txs["c1" * 32]["coinjoin"], txs["c1" * 32]["coinjoinRule"]) == (True, "whirlpool")
    assert (txs["c2" * 32]["coinjoin"], txs["c2" * 32]["coinjoinRule"]) == (False, None)


def test_json_lines_and_json_rpc_answers(tmp_path):
    lines = "\n".join(json.dumps(tx) for tx in esplora()) + "\n"
    assert transactions(records(write(tmp_path, "txs.jsonl", lines))).keys() == {GENESIS, COSPEND}
    core = json.loads((FIXTURES / "core-getrawtransaction.json").read_text(encoding="utf-8"))
    answer = write(tmp_path, "rpc.json", {"result": core, "error": None, "id": 1})
    assert set(transactions(records(answer))) == {COSPEND}


def test_bad_transactions_are_refused_by_txid_and_reason_and_the_rest_load(tmp_path):
    negative, no_prevout, bad_fee, wrong_chain = (copy.deepcopy(esplora()[1]) for _ in range(4))
    negative["txid"] = "aa" * 32
    negative["vout"][0]["value"] = -1000
    no_prevout["txid"] = "bb" * 32
    del no_prevout["vin"][1]["prevout"]
    bad_fee["txid"] = "cc" * 32
    bad_fee["fee"] = 4061
    wrong_chain["txid"] = "dd" * 32
    wrong_chain["vout"][0]["scriptpubkey_address"] = (
        "LQ3B36Yv2rBTxdgAdYpU2UcEZsaNwXeATk"  # a litecoin address
    )
    unconfirmed = json.loads((FIXTURES / "esplora-unconfirmed.json").read_text(encoding="utf-8"))
    path = write(
        tmp_path, "mixed.json", [negative, esplora()[0], no_prevout, bad_fee, wrong_chain, unconfirmed]
    )
    items = records(path)
    assert set(transactions(items)) == {GENESIS}
    reasons = {r.record_id: r.reason for r in rejected(items)}
    assert set(reasons) == {
        f"bitcoin:{txid}" for txid in ["aa" * 32, "bb" * 32, "cc" * 32, "dd" * 32, unconfirmed["txid"]]
    }
    assert "output 0: negative value -1000 satoshis" in reasons[f"bitcoin:{'aa' * 32}"]
    assert f"txid {'bb' * 32}" in reasons[f"bitcoin:{'bb' * 32}"]
    assert "input 1 (spends 706d78ae" in reasons[f"bitcoin:{'bb' * 32}"]
    assert "carries no prevout" in reasons[f"bitcoin:{'bb' * 32}"]
    assert "fee 0.00004061 disagrees with inputs less outputs (0.0000406)" in reasons[f"bitcoin:{'cc' * 32}"]
    assert "LQ3B36Yv2rBTxdgAdYpU2UcEZsaNwXeATk" in reasons[f"bitcoin:{'dd' * 32}"]
    assert "not confirmed in a block" in reasons[f"bitcoin:{unconfirmed['txid']}"]


def test_a_core_verbosity_one_export_names_the_missing_prevout(tmp_path):
    core = json.loads((FIXTURES / "core-getrawtransaction.json").read_text(encoding="utf-8"))
    for item in core["vin"]:
        del item["prevout"]
    [reject] = rejected(records(write(tmp_path, "v1.json", core)))
    assert reject.record_id == f"bitcoin:{COSPEND}"
    assert "verbosity-1 export" in reject.reason and "getrawtransaction TXID 2" in reject.reason


def test_satoshi_values_stay_exact_and_finer_values_are_refused(tmp_path):
    core = json.loads((FIXTURES / "core-getrawtransaction.json").read_text(encoding="utf-8"))
    text = json.dumps(core).replace("0.01132333", "0.011323330000000001")
    [reject] = rejected(records(write(tmp_path, "fine.json", text)))
    assert "more than 8 decimals" in reject.reason


def test_a_truncated_file_stops_with_one_message(tmp_path):
    text = (FIXTURES / "esplora-mainnet.json").read_text(encoding="utf-8")
    with pytest.raises(InvalidRecord, match="truncated download"):
        open_transactions(write(tmp_path, "cut.json", text[: len(text) // 2]), PROVENANCE)
    lines = "\n".join(json.dumps(tx) for tx in esplora())
    with pytest.raises(InvalidRecord, match="line 2"):
        open_transactions(write(tmp_path, "cut.jsonl", lines[: len(lines) - 40]), PROVENANCE)


def test_provenance_and_chain_options(tmp_path):
    with pytest.raises(ConfigurationError, match="--agency, --caveat"):
        open_transactions(FIXTURES / "esplora-mainnet.json", Options(dataset="d"))
    with pytest.raises(ConfigurationError, match="UTXO chains"):
        open_transactions(
            FIXTURES / "esplora-mainnet.json",
            Options(dataset="d", agency="A", caveat="LES", chain="ethereum"),
        )
    tx = copy.deepcopy(esplora()[1])
    tx["vout"][0]["scriptpubkey_address"] = "bitcoincash:qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3"
    tx["vout"][1]["scriptpubkey_address"] = "qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3"
    tx["vin"][0]["prevout"]["scriptpubkey_address"] = "qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3"
    tx["vin"][1]["prevout"]["scriptpubkey_address"] = "qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3"
    options = Options(dataset="d", agency="A", caveat="LES", chain="bitcoin-cash")
    items = records(write(tmp_path, "bch.json", tx), options)
    assert transactions(items)[COSPEND]["asset"] == "BCH"
    # the node's prefix is dropped, as the sanctions lists write Bitcoin Cash addresses
    assert {link[1] for link in links(items)} == {"qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3"}


def test_the_envelope_example_reads_with_its_own_provenance():
    [source] = open_transactions(
        FIXTURES.parents[2] / "docs" / "formats" / "btc-transactions.example.json", Options()
    )
    items = list(source.records)
    assert (source.provenance.agency, source.provenance.caveat) == ("FBI", "LES")
    assert not rejected(items)
    assert transactions(items).keys() == {GENESIS, COSPEND}
    assert links(items) == links(records(FIXTURES / "esplora-mainnet.json"))


def envelope_of(*txs: dict[str, Any]) -> dict[str, Any]:
    """The format's own file holding ``txs``, as FBI's (LES)."""
    return {
        "format": "btc-transactions",
        "version": 1,
        "dataset": "fbi-btc",
        "agency": "FBI",
        "caveat": "LES",
        "records": list(txs),
    }


def utxo_tx(
    txid: str, ins: list[tuple[str | None, str]], outs: list[tuple[str | None, str]]
) -> dict[str, Any]:
    """A mined transaction record spending ``ins`` (address, value) and paying ``outs``."""
    spends = [
        {"address": a, "value": v, "spentTxid": "ab" * 32, "spentVout": n} for n, (a, v) in enumerate(ins)
    ]
    return {
        "txid": txid,
        "block": 800_000,
        "timestamp": "2023-07-24T00:00:00Z",
        "inputs": spends,
        "outputs": [{"address": a, "value": v} for a, v in outs],
    }


def _transfers(items: list[Any]) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(txHash, from, to) -> the Transfer nodes' properties, read through their SENT / RECEIVED links."""
    nodes = {
        (r.props["txHash"], r.props["index"]): r.props
        for r in items
        if isinstance(r, NodeRecord) and r.label == "Transfer"
    }
    senders: dict[tuple[str, int], str] = {}
    found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in items:
        if isinstance(r, RelationshipRecord) and r.type == "SENT":
            senders[(r.target.identity["txHash"], r.target.identity["index"])] = str(
                r.source.identity["address"]
            )
    for r in items:
        if isinstance(r, RelationshipRecord) and r.type == "RECEIVED":
            key = (r.source.identity["txHash"], r.source.identity["index"])
            found.setdefault((key[0], senders[key], str(r.target.identity["address"])), []).append(nodes[key])
    return found


def test_a_single_payers_payments_become_ledger_transfers_and_a_co_spends_do_not(tmp_path):
    rng = random.Random(7)  # noqa: S311 -- fixed test addresses, not secrets
    payer, other, payee, second = (ids.btc_p2pkh(rng) for _ in range(4))
    single = utxo_tx(  # two inputs of one address; two equal outputs to one payee, change back, OP_RETURN
        "d1" * 32,
        [(payer, "0.6"), (payer, "0.4")],
        [(payee, "0.3"), (payer, "0.1"), (second, "0.2"), (payee, "0.3"), (None, "0")],
    )
    co_spend = utxo_tx("d2" * 32, [(payer, "0.5"), (other, "0.5")], [(payee, "0.9")])
    unknown_payer = utxo_tx("d3" * 32, [(payer, "0.5"), (None, "0.5")], [(payee, "0.9")])
    items = records(write(tmp_path, "txs.json", envelope_of(single, co_spend, unknown_payer)))
    assert rejected(items) == []
    txs = transactions(items)
    assert [txs[txid]["transfersDerived"] for txid in ("d1" * 32, "d2" * 32, "d3" * 32)] == [
        True,
        False,
        False,
    ]
    transfers = _transfers(items)
    assert transfers.keys() == {("d1" * 32, payer, payee), ("d1" * 32, payer, second)}  # no change to itself
    to_payee = transfers[("d1" * 32, payer, payee)]
    assert sorted(t["logIndex"] for t in to_payee) == [0, 3] and len({t["index"] for t in to_payee}) == 2
    assert {(t["asset"], t["amount"], t["block"]) for t in to_payee} == {("BTC", "0.3", 800_000)}
    assert [t["amount"] for t in transfers[("d1" * 32, payer, second)]] == ["0.2"]


def test_a_derived_transfer_is_the_node_a_ledger_row_of_the_same_payment_is(tmp_path):
    """The same payment from a UTXO transaction and from a native ledger row: one Transfer identity."""
    from chokepoint.formats.wallet_ledger import open_ledger

    rng = random.Random(8)  # noqa: S311 -- fixed test addresses, not secrets
    payer, payee = ids.btc_p2pkh(rng), ids.btc_bech32(rng)
    paying = utxo_tx("d4" * 32, [(payer, "1.5")], [(payer, "0.49990000"), (payee, "1.00000000")])
    from_tx = _transfers(records(write(tmp_path, "tx.json", envelope_of(paying))))
    ledger = write(
        tmp_path,
        "ledger.csv",
        "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
        f"bitcoin,{'d4' * 32},1,{payer},{payee},BTC,1,2023-07-24T00:00:00Z,800000\n",
    )
    [source] = open_ledger(ledger, Options(dataset="irs-ledger", agency="IRS-CI", caveat="LES"))
    from_ledger = _transfers(list(source.records))
    [[derived]] = from_tx.values()
    [[row]] = from_ledger.values()
    assert from_tx.keys() == from_ledger.keys()
    identity = ("chain", "txHash", "index", "logIndex", "asset", "amount")
    assert {k: derived[k] for k in identity} == {k: row[k] for k in identity}
