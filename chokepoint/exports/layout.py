"""Where each node of a chart is drawn: a layered left-to-right layout by role, computed as the nodes
stream (no second pass, so a 100,000-node chart costs one dictionary lookup per node).

Columns follow the supply and money chain: precursor suppliers, then shipments and ports, front and
logistics companies, money businesses and exchanges, wallets and transfers, persons, cartels, US
cells, and last everything else (documents, places, seizures, designations …). Within a column nodes
stack in the order they arrive (the export's order: by id). The chart opens with suppliers on the left
and cells on the right instead of every node piled at the origin; the tool's own layouts remain one
click away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from chokepoint.exports.subgraph import ExportNode

COLUMN_GAP = 400.0
ROW_GAP = 60.0
_BY_KIND = (  # first match wins: (kinds of an Organization, column)
    ({"precursor_supplier", "chemical_broker"}, 0),
    ({"front_company", "logistics_company"}, 2),
    ({"money_service_business", "crypto_broker", "exchange"}, 3),
    ({"cartel", "dto", "gang"}, 6),
    ({"distribution_cell"}, 7),
)
_BY_LABEL = {
    "Shipment": 1,
    "Port": 1,
    "Vessel": 1,
    "Aircraft": 1,
    "Organization": 2,
    "CryptoAddress": 4,
    "Transfer": 4,
    "WalletCluster": 4,
    "FinancialAccount": 4,
    "VendorAccount": 4,
    "Person": 5,
}
OTHER = 8


def column(label: str, props: Mapping[str, Any]) -> int:
    kinds = props.get("kinds") or ()
    if label == "Organization":
        for wanted, index in _BY_KIND:
            if wanted & set(kinds):
                return index
    return _BY_LABEL.get(label, OTHER)


SUPPLIER_COLUMN, CELL_COLUMN = 0, 7


class Placement(Protocol):
    """Where a chart draws each node, asked once per node in the order the nodes are written."""

    def position(self, node: ExportNode) -> tuple[float, float]: ...


def holds_a_chain(nodes: list[ExportNode]) -> bool:
    """True when the chart has both ends of a supply chain (a precursor supplier and a distribution
    cell): the layered layout tells its story, left to right."""
    columns = {column(node.label, node.props) for node in nodes}
    return SUPPLIER_COLUMN in columns and CELL_COLUMN in columns


class Layout:
    """Positions handed out in arrival order: ``x`` by column, ``y`` by place in the column."""

    def __init__(self) -> None:
        self._rows: dict[int, int] = {}

    def position(self, node: ExportNode) -> tuple[float, float]:
        return self.place(node.label, node.props)

    def place(self, label: str, props: Mapping[str, Any]) -> tuple[float, float]:
        index = column(label, props)
        row = self._rows.get(index, 0)
        self._rows[index] = row + 1
        return index * COLUMN_GAP, row * ROW_GAP
