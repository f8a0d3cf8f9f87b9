"""What a node is called in tables, reports and charts is its label's ``display`` property in the
schema, not a list in code."""

from chokepoint import composition
from chokepoint.exports.subgraph import ExportNode, ExportShapes
from chokepoint.investigations.elements import display
from chokepoint.settings import Settings

MODEL = composition.model_of(Settings())


def test_a_node_is_shown_by_its_labels_display_property():
    seizure = {"id": "s1", "labels": ["Entity", "Seizure"], "props": {"caseNumber": "C-1", "summary": "x"}}
    address = {
        "id": "a1",
        "labels": ["Entity", "CryptoAddress"],
        "props": {"address": "1Abc", "chain": "bitcoin"},
    }
    designation = {"id": "d1", "labels": ["Entity", "Designation"], "props": {"listName": "SDN"}}
    unnamed = {"id": "p1", "labels": ["Entity", "Person"], "props": {"address": "not a person's caption"}}
    assert [display(n) for n in (seizure, address, designation, unnamed)] == ["C-1", "1Abc", "SDN", "p1"]
    assert MODEL.node("Seizure").display == "caseNumber"  # the schema says so


def test_a_chart_captions_each_node_by_its_schema_display():
    captions = ExportShapes.of(MODEL).captions
    assert captions["CryptoAddress"] == "address" and captions["UtxoTransaction"] == "txid"
    tx = ExportNode(
        "UtxoTransaction:bitcoin|ab", "UtxoTransaction", {"txid": "ab"}, captions["UtxoTransaction"]
    )
    assert tx.caption == "ab"
    assert ExportNode("x", "Person", {}).caption == "x"  # nothing to show: the id
