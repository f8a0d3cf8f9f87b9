"""The charts' layouts: the layered one (suppliers on the left, cells on the right, each column
stacked in the order nodes arrive, computed while the export streams) and the force-directed one of
charts that are not chains."""

import math
from types import SimpleNamespace

from chokepoint.exports.force_layout import FORCE_MAX_NODES, ForceLayout
from chokepoint.exports.layout import COLUMN_GAP, ROW_GAP, Layout, column, holds_a_chain
from chokepoint.exports.service import LayoutChoice, placement_for
from chokepoint.exports.subgraph import ExportNode


def test_the_chain_reads_left_to_right():
    order = [
        column("Organization", {"kinds": ["company", "precursor_supplier"]}),
        column("Shipment", {}),
        column("Organization", {"kinds": ["company", "front_company"]}),
        column("Organization", {"kinds": ["money_service_business", "crypto_broker"]}),
        column("CryptoAddress", {"chain": "tron"}),
        column("Person", {"name": "X"}),
        column("Organization", {"kinds": ["cartel"]}),
        column("Organization", {"kinds": ["distribution_cell"]}),
        column("SourceDocument", {}),
    ]
    assert order == sorted(order) and len(set(order)) == len(order)
    assert column("Organization", {}) == column("Organization", {"kinds": ["company"]})


def test_each_column_stacks_in_arrival_order():
    layout = Layout()
    first = layout.place("Person", {})
    wallet = layout.place("CryptoAddress", {})
    second = layout.place("Person", {})
    assert first[0] == second[0] and second[1] - first[1] == ROW_GAP
    assert wallet[0] == first[0] - COLUMN_GAP and wallet[1] == 0.0


def test_a_force_layout_draws_linked_nodes_together_and_the_same_way_twice():
    first = [f"a{n}" for n in range(6)]
    second = [f"b{n}" for n in range(6)]
    links = [(x, y) for group in (first, second) for x in group for y in group if x < y] + [("a0", "b0")]
    layout = ForceLayout.of(first + second, links)
    assert ForceLayout.of(first + second, links).position(node("a3")) == layout.position(node("a3"))

    def mean_distance(pairs):
        return sum(math.dist(layout.position(node(x)), layout.position(node(y))) for x, y in pairs) / len(
            pairs
        )

    within = [(x, y) for group in (first, second) for x in group for y in group if x < y]
    across = [(x, y) for x in first for y in second]
    assert mean_distance(within) * 2 < mean_distance(across)
    assert len({layout.position(node(n)) for n in first + second}) == 12  # nothing piled up


def test_a_chart_of_one_node_sits_at_the_origin():
    assert ForceLayout.of(["only"], []).position(node("only")) == (0.0, 0.0)


def test_a_chart_too_large_for_a_force_layout_gets_the_layered_one():
    too_large = SimpleNamespace(ids=tuple(f"n{i}" for i in range(FORCE_MAX_NODES + 1)))
    assert isinstance(placement_for(too_large, LayoutChoice.force), Layout)  # type: ignore[arg-type]
    assert isinstance(placement_for(too_large, LayoutChoice.auto), Layout)  # type: ignore[arg-type]


def test_a_chart_with_a_supplier_and_a_cell_holds_a_chain():
    supplier = ExportNode("s", "Organization", {"kinds": ["precursor_supplier"]})
    cell = ExportNode("c", "Organization", {"kinds": ["distribution_cell"]})
    wallet = ExportNode("w", "CryptoAddress", {})
    assert holds_a_chain([supplier, wallet, cell])
    assert not holds_a_chain([supplier, wallet]) and not holds_a_chain([wallet, cell])


def node(node_id):
    return ExportNode(node_id, "Person", {})
