"""Amounts keep every digit and totals are exact (issue 17, item 1).

Token amounts carry 18 decimals: a float keeps about 15 significant digits, so
``999.680000000000000037`` would come back as ``999.68``. Amounts are stored as decimal text and
summed over integer limbs in Cypher (``refresh_transfer_totals.cypher``), per visibility class and
per link; the oracle for every sum is Python's :class:`Decimal` over the same amounts.
"""

from __future__ import annotations

import random
from decimal import Context, Decimal

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.values.amounts import FRACTION_DIGITS, WHOLE_DIGITS, canonical_decimal, exact_sum
from chokepoint.values.totals import visible_totals
from tests.integration.conftest import load
from tests.integration.test_ledger_and_darknet import BROKER, CELL, totals

pytestmark = pytest.mark.neo4j
HEADER = "chain,txHash,index,from,to,asset,amount,timestamp,block"
OWNERS = (("IRS-CI", "LES"), ("HSI", "FOUO"))


def _ledger(tmp_path, name: str, amounts: list[str], owner: tuple[str, str], first: int = 0):
    lines = [HEADER] + [
        f"ethereum,0x{first + i:064x},0,{BROKER},{CELL},USDT,{amount},{_day(i)},{100 + i}"
        for i, amount in enumerate(amounts)
    ]
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, {"dataset": name, "agency": owner[0], "caveat": owner[1]}


def _day(i: int) -> str:
    return f"2026-03-0{1 + i % 9}T10:00:00Z"


def _load(graph, tmp_path, name, amounts, owner, first=0):
    path, options = _ledger(tmp_path, name, amounts, owner, first)
    [report] = load(graph, "wallet-ledger", path, tmp_path, **options)
    assert report.rejected == [], report.rejected


def test_eighteen_decimals_are_kept_and_summed_exactly(graph, tmp_path):
    amounts = ["999.680000000000000037", "0.000000000000000001", "1000.319999999999999962"]
    _load(graph, tmp_path, "exact", amounts, OWNERS[0])
    stored = graph.read(CypherQuery("a", "MATCH (t:Transfer) RETURN t.amount AS amount ORDER BY t.block"))
    assert [row["amount"] for row in stored] == [
        "999.680000000000000037",
        "0.000000000000000001",
        "1000.319999999999999962",
    ]
    assert totals(graph, "ethereum", BROKER, CELL, "USDT")["total"] == "2000"  # every carry taken


def sum_exact(amounts: list[str]) -> Decimal:
    """The oracle: Decimal addition in a context wide enough to keep every digit."""
    context, total = Context(prec=80), Decimal(0)
    for amount in amounts:
        total = context.add(total, Decimal(amount))
    return total


def test_random_amounts_sum_as_decimal_does_per_class_and_per_link(graph, tmp_path):
    rng = random.Random(17)  # noqa: S311 -- reproducible test data, not secrets
    drawn: list[list[str]] = []
    for owner_index, owner in enumerate(OWNERS):
        amounts = []
        for _ in range(25):
            whole = rng.choice([0, rng.randrange(10**3), rng.randrange(10**WHOLE_DIGITS)])
            digits = rng.randrange(0, FRACTION_DIGITS + 1)
            fraction = f"{rng.randrange(10**digits):0{digits}d}" if digits else ""
            amounts.append(f"{whole}.{fraction}" if fraction else str(whole))
        drawn.append(amounts)
        _load(graph, tmp_path, f"random-{owner_index}", amounts, owner, first=1000 * owner_index)
    link = totals(graph, "ethereum", BROKER, CELL, "USDT")
    everything = [a for amounts in drawn for a in amounts]
    assert Decimal(link["total"]) == sum_exact(everything)
    assert link["total"] == exact_sum(everything)
    classes = graph.read(
        CypherQuery("c", "MATCH ()-[x:SENT_FUNDS_TO]->() RETURN x.totalsByVisibility AS classes")
    )[0]["classes"]
    for owner, amounts in zip(OWNERS, drawn, strict=True):
        seen = visible_totals(classes, frozenset({f"{owner[0]}|{owner[1]}"}))
        assert seen["totalAmount"] == exact_sum(amounts) and seen["transferCount"] == len(amounts)


def test_too_many_digits_are_refused_by_name(graph, tmp_path):
    path, options = _ledger(tmp_path, "long", ["1." + "1" * (FRACTION_DIGITS + 1), "2.5"], OWNERS[0])
    [report] = load(graph, "wallet-ledger", path, tmp_path, **options)
    assert len(report.rejected) == 1 and "27 digits after the point" in report.rejected[0].reason
    assert totals(graph, "ethereum", BROKER, CELL, "USDT")["total"] == "2.5"


def test_canonical_text():
    assert canonical_decimal("1E+3") == "1000"
    assert canonical_decimal("2.50") == "2.5"
    assert canonical_decimal(0.1) == "0.1"
    assert canonical_decimal("0.000") == "0"
    with pytest.raises(ValueError, match="digits before the point"):
        canonical_decimal("1" * (WHOLE_DIGITS + 1))


def test_a_decimal_comma_spreadsheet_loads_with_decimal_comma(graph, tmp_path):
    rows = [("1.234,56", 1), ("12,34", 2), ("0,000000000000000001", 3), ("25", 4), ("12.5", 5)]
    lines = [HEADER.replace(",", ";")] + [
        f"ethereum;0x{n:064x};0;{BROKER};{CELL};USDT;{amount};{_day(n)};{100 + n}" for amount, n in rows
    ]
    path = tmp_path / "comma.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    owner = {"dataset": "comma", "agency": "IRS-CI", "caveat": "LES"}
    [report] = load(graph, "wallet-ledger", path, tmp_path, decimal_comma=True, **owner)
    [refused] = report.rejected  # a point where the file says commas: ambiguous, so refused by line
    assert (
        "comma.csv line 6" in refused.reason
        and "'12.5' is not a number with a decimal comma" in refused.reason
    )
    assert totals(graph, "ethereum", BROKER, CELL, "USDT")["total"] == "1271.900000000000000001"


def test_without_the_option_a_decimal_comma_is_refused_saying_what_to_do(graph, tmp_path):
    path, options = _ledger(tmp_path, "no-option", ['"12,34"', "2.5"], OWNERS[0])
    [report] = load(graph, "wallet-ledger", path, tmp_path, **options)
    [refused] = report.rejected
    assert "decimal comma" in refused.reason and "--decimal-comma" in refused.reason
