"""The chain report: supplier → … → US cell, one line per hop with the evidence behind it.

Rows are the chain investigations' (``money_chains``, ``supply_and_money_chains``) as the runner
shows them: the chain as ``nodes`` (``{id, labels, props}``) and ``links``
(``{type, startId, endId, props}``) in order, props already cut to what the viewer may see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from chokepoint.investigations.elements import display

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
        facts.append(f"{Decimal(str(hop['amount'])):,.2f} {hop.get('asset') or ''}".rstrip())
    if hop.get("value") is not None:  # a UTXO output's exact value in whole coins, every digit kept
        facts.append(str(hop["value"]))
    if hop.get("rule"):
        facts.append(f"{hop['rule']} score {hop.get('score', 0):.2f}")
    source = f"{hop.get('agency')} {hop.get('dataset')} record {hop.get('record')}, {hop.get('caveat')}"
    return f"{arrow} [{'; '.join([*facts, source])}]"


def node_name(node: Mapping[str, Any]) -> str:
    """What to call a node map: its name, address, bill of lading, case number …, else its id."""
    return display(node)


def node_role(node: Mapping[str, Any]) -> dict[str, Any]:
    """``{label, kinds, country}`` of a node map (the country of an address is its chain)."""
    props = node.get("props") or {}
    label = next((lb for lb in node.get("labels") or [] if lb != "Entity"), None)
    return {
        "label": label,
        "kinds": props.get("kinds"),
        "country": props.get("country") or props.get("chain"),
    }


def hop_of(link: Mapping[str, Any], before: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence of one link of a chain, walked from the node ``before`` it."""
    props = link.get("props") or {}
    return {
        "type": link["type"],
        "forward": link["startId"] == before["id"],
        "agency": props.get("agency"),
        "dataset": props.get("sourceDataset"),
        "record": props.get("sourceRecordId"),
        "caveat": props.get("caveat"),
        "amount": props.get("totalAmount"),
        "value": props.get("value"),
        "asset": props.get("asset"),
        "rule": props.get("rule"),
        "score": props.get("score"),
    }


def chain_lines(row: Mapping[str, Any]) -> list[str]:
    """Indented lines for one chain row of the chains investigation."""
    nodes, links = row["nodes"], row["links"]
    lines = [describe_node(node_name(nodes[0]), node_role(nodes[0]))]
    for before, node, link in zip(nodes[:-1], nodes[1:], links, strict=True):
        lines.append(
            f"   {describe_hop(hop_of(link, before))} {describe_node(node_name(node), node_role(node))}"
        )
    return lines


def _supplier(row: Mapping[str, Any]) -> str:
    supplier = row["supplier"]
    return str(supplier["id"]) if isinstance(supplier, Mapping) else str(supplier)


def crosses_a_wallet_cluster(row: Mapping[str, Any]) -> bool:
    """Whether a chain steps through a co-spend: two addresses spent in one UTXO transaction."""
    links = [link["type"] for link in row.get("links") or []]
    return any(a == b == "SPENT_IN" for a, b in pairwise(links))


def one_per_supplier(rows: Iterable[Mapping[str, Any]], count: int) -> list[Mapping[str, Any]]:
    """The first (best) chain of each supplier, up to ``count``: a varied report, not one supplier's;
    when none of those steps through a wallet cluster and a later chain does, the first such chain
    takes the last place (the step clustering adds is shown whenever there is one)."""
    rows = list(rows)
    chosen: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        chosen.setdefault(_supplier(row), row)
        if len(chosen) == count:
            break
    shown = list(chosen.values())
    if shown and not any(crosses_a_wallet_cluster(row) for row in shown):
        stepped = next((row for row in rows if crosses_a_wallet_cluster(row)), None)
        if stepped is not None:
            shown = [*shown[: count - 1], stepped]
    return shown


def report_lines(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    for number, row in enumerate(rows, start=1):
        paid = ""
        if row.get("amountPaid") is not None:
            paid = f"; supplier paid {row['amountPaid']:,.2f} {row.get('asset') or ''}".rstrip()
            if row.get("cellPaidBroker"):
                paid += f"; the cell paid the broker {row['cellPaidBroker']:,.2f}"
        ends = f"{node_name(row['supplier'])} → {node_name(row['cell'])}"
        out.append(f"{number}. {ends}: {row['hops']} hops{paid}")
        out.extend(chain_lines(row))
    return out


WALLET_CLUSTERS = "wallet_clusters"  # the computed investigation of flagged or attributed wallets


def cluster_lines(rows: Iterable[Mapping[str, Any]], count: int) -> list[str]:
    """The first ``count`` rows of ``wallet_clusters``: each wallet's figures, then its sanctioned
    and attributed members (``ADDRESS ← NAME (ID)``, as the investigation writes them)."""
    out: list[str] = []
    for row in list(rows)[:count]:
        size = f"{row['size']}{'+' if row['truncated'] else ''}"
        active = f"{_day(row['firstActivity'])} → {_day(row['lastActivity'])}"
        out.append(
            f"{row['rank']}. wallet of {row['representative']} ({row['chain']}): {size} addresses; received "
            f"{row['totalReceived']} {row['asset']}, sent {row['totalSent']} {row['asset']}; active {active}"
        )
        out += [f"   sanctioned: {address}" for address in row["sanctioned"]]
        out += [f"   attributed: {attribution}" for attribution in row["attributed"]]
    return out


def _day(value: str | None) -> str:
    return "?" if value is None else value[:10]
