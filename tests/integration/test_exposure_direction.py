"""The exposure investigation says which way the money moved, on a graph of its own."""

import pytest

from chokepoint.ingest.records import NodeRecord
from chokepoint.ingest.writer import GraphWriter
from tests.integration.test_investigations import CASE, address, flow, investigate, person, rel

pytestmark = pytest.mark.neo4j


def test_address_exposure_says_which_way_the_money_moved(graph, model):
    """Money from the party's address to this one, money from this one to another address of the
    party, and an address the party controls itself: each said as such, each way's shortest flow."""
    records = [
        person("designated", "DESIGNATED, Person"),
        NodeRecord("Designation", "d", {"id": "d", "listName": "SDN", "entryId": "9", "status": "active"}),
        rel("SANCTIONED_BY", ("Person", "designated"), ("Designation", "d")),
        *[address(a) for a in ("held-a", "held-b", "mid", "target", "other")],
        *[
            rel("CONTROLS_ADDRESS", ("Person", "designated"), ("CryptoAddress", a))
            for a in ("held-a", "held-b")
        ],
        flow("held-a", "mid", 3.0),
        flow("mid", "target", 2.0),  # received from: held-a -> mid -> target
        flow("target", "held-b", 1.0),  # sent to: target -> held-b
        flow("other", "mid", 1.0),  # an undirected walk target - mid - other leads nowhere designated
    ]
    assert GraphWriter(graph, model, CASE).write_all(records).rejected == []
    rows = investigate(graph, "address_sanctions_exposure", chain="bitcoin", address="target")
    found = {row["direction"]: (row["hops"], row["ids"]) for row in rows}
    assert found == {
        "sent to": (2, ["CryptoAddress:bitcoin|target", "CryptoAddress:bitcoin|held-b", "designated"]),
        "received from": (
            3,
            [
                "CryptoAddress:bitcoin|target",
                "CryptoAddress:bitcoin|mid",
                "CryptoAddress:bitcoin|held-a",
                "designated",
            ],
        ),
    }
    own = investigate(graph, "address_sanctions_exposure", chain="bitcoin", address="held-a")
    assert [(row["direction"], row["hops"]) for row in own] == [("controlled by", 1), ("sent to", 4)]
    assert own[0]["ids"] == ["CryptoAddress:bitcoin|held-a", "designated"]
    assert investigate(graph, "address_sanctions_exposure", chain="bitcoin", address="target", maxHops=2) == [
        rows[0]
    ]
