"""The charts' layered layout: suppliers on the left, cells on the right, each column stacked in the
order nodes arrive, computed while the export streams."""

from chokepoint.exports.layout import COLUMN_GAP, ROW_GAP, Layout, column


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
