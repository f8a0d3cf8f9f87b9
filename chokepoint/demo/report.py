"""The chain report: supplier → … → US cell, one line per hop with the evidence behind it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MONEY_CHAINS = "money_chains"  # supplier -> broker -> wallets -> cartel -> US cell
SHORTEST_CHAINS = "supply_and_money_chains"  # the shortest link of any kind per supplier and cell


def describe_node(name: str, role: Mapping[str, Any]) -> str:
    """``name (Organization: precursor_supplier, CN)``."""
    details = [*(role.get("kinds") or []), *([role["country"]] if role.get("country") else [])]
    label = role.get("label") or "?"
    return f"{name} ({label}{': ' + ', '.join(details) if details else ''})"


def describe_hop(hop: Mapping[str, Any]) -> str:
    """``─SHIPPED→`` or ``←CONTROLS_ADDRESS─``, then who says so and under which caveat."""
    arrow = f"─{hop['type']}→" if hop.get("forward", True) else f"←{hop['type']}─"
    facts = []
    if hop.get("amount") is not None:
        facts.append(f"{hop['amount']:,.2f} {hop.get('asset') or ''}".rstrip())
    if hop.get("rule"):
        facts.append(f"{hop['rule']} score {hop.get('score', 0):.2f}")
    source = f"{hop.get('agency')} {hop.get('dataset')} record {hop.get('record')}, {hop.get('caveat')}"
    return f"{arrow} [{'; '.join([*facts, source])}]"


def chain_lines(row: Mapping[str, Any]) -> list[str]:
    """Indented lines for one chain row of the chains investigation."""
    names, roles, hops = row["chain"], row["roles"], row["evidence"]
    lines = [describe_node(names[0], roles[0])]
    for name, role, hop in zip(names[1:], roles[1:], hops, strict=True):
        lines.append(f"   {describe_hop(hop)} {describe_node(name, role)}")
    return lines


def one_per_supplier(rows: Iterable[Mapping[str, Any]], count: int) -> list[Mapping[str, Any]]:
    """The first (best) chain of each supplier, up to ``count``: a varied report, not one supplier's."""
    chosen: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        chosen.setdefault(str(row["supplier"]), row)
        if len(chosen) == count:
            break
    return list(chosen.values())


def report_lines(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    for number, row in enumerate(rows, start=1):
        paid = ""
        if row.get("amountPaid") is not None:
            paid = f"; supplier paid {row['amountPaid']:,.2f} {row.get('asset') or ''}".rstrip()
            if row.get("cellPaidBroker"):
                paid += f"; the cell paid the broker {row['cellPaidBroker']:,.2f}"
        out.append(f"{number}. {row['supplier']} → {row['cell']}: {row['hops']} hops{paid}")
        out.extend(chain_lines(row))
    return out
