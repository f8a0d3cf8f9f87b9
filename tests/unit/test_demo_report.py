from chokepoint.demo.report import describe_hop, one_per_supplier


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
