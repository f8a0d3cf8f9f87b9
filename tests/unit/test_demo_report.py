from chokepoint.demo.report import cluster_lines, describe_hop, one_per_supplier


def test_one_chain_per_supplier_keeps_the_first_of_each_in_order():
    rows = [{"supplier": s, "cell": c} for s, c in (("A", 1), ("A", 2), ("B", 1), ("C", 3), ("B", 2))]
    assert one_per_supplier(rows, 2) == [{"supplier": "A", "cell": 1}, {"supplier": "B", "cell": 1}]
    assert [r["supplier"] for r in one_per_supplier(rows, 10)] == ["A", "B", "C"]


def test_hop_shows_direction_amount_rule_and_source():
    hop = {
        "type": "SENT_FUNDS_TO",
        "forward": False,
        "amount": 1234.5,
        "asset": "USDT",
        "agency": "IRS-CI",
        "dataset": "ledger",
        "record": "t-1",
        "caveat": "LES",
    }
    assert describe_hop(hop) == "←SENT_FUNDS_TO─ [1,234.50 USDT; IRS-CI ledger record t-1, LES]"
    merge = {
        "type": "SAME_AS",
        "forward": True,
        "rule": "strong:document",
        "score": 1.0,
        "agency": "CHOKEPOINT",
        "dataset": "res",
        "record": "s-1",
        "caveat": "LES",
    }
    assert describe_hop(merge).startswith("─SAME_AS→ [strong:document score 1.00; CHOKEPOINT")


def _chain(supplier: str, *types: str) -> dict[str, object]:
    return {"supplier": supplier, "links": [{"type": t} for t in types]}


def test_a_chain_through_a_wallet_cluster_takes_the_last_place_when_none_shown_has_one():
    direct = [_chain(s, "CONTROLS_ADDRESS", "SENT_FUNDS_TO", "CONTROLS_ADDRESS") for s in "ABC"]
    paid_by_a_transaction = _chain("B", "CONTROLS_ADDRESS", "PAID_TO", "SPENT_IN", "CONTROLS_ADDRESS")
    co_spent = _chain(
        "A", "CONTROLS_ADDRESS", "PAID_TO", "SPENT_IN", "SPENT_IN", "SPENT_IN", "CONTROLS_ADDRESS"
    )
    rows = [*direct, paid_by_a_transaction, co_spent]
    assert one_per_supplier(rows, 2) == [direct[0], co_spent]
    assert one_per_supplier(rows, 3) == [*direct[:2], co_spent]
    assert one_per_supplier([*direct, paid_by_a_transaction], 2) == direct[:2]  # a payment is no co-spend
    assert one_per_supplier([co_spent, *direct], 2) == [co_spent, direct[1]]  # already shown: kept


def test_a_utxo_output_value_is_shown_with_every_digit():
    hop = {"type": "PAID_TO", "forward": False, "value": "1.16132370", "agency": "IRS-CI", "dataset": "btc"}
    hop |= {"record": "tx", "caveat": "LES"}
    assert describe_hop(hop) == "←PAID_TO─ [1.16132370; IRS-CI btc record tx, LES]"


def test_cluster_lines_give_each_wallet_its_figures_and_its_flagged_members():
    row = {
        "rank": 1,
        "chain": "bitcoin",
        "representative": "14sU",
        "size": 5,
        "truncated": True,
        "asset": "BTC",
        "totalReceived": "1.18893945",
        "totalSent": "4.68257448",
        "firstActivity": "2026-06-19T00:49:33+00:00",
        "lastActivity": None,
        "sanctioned": ["12Qt"],
        "attributed": ["1D26 ← Lone Star Crypto OTC LLC (irs-ci:1)"],
        "asked": ["1D26"],
    }
    assert cluster_lines([row, {**row, "rank": 2}], 1) == [
        "1. wallet of 14sU (bitcoin): 5+ addresses; received 1.18893945 BTC, sent 4.68257448 BTC; "
        "active 2026-06-19 → ?",
        "   sanctioned: 12Qt",
        "   attributed: 1D26 ← Lone Star Crypto OTC LLC (irs-ci:1)",
    ]
