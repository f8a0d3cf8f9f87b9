"""The streamed XML writers escape every value so that a standard parser reads back exactly what was
written (XML 1.0 cannot carry most control characters: those are dropped), and their per-property
line caches never confuse values that Python holds equal but that render differently (True and 1)."""

import csv
import io
import re
import zipfile
from functools import partial

from defusedxml import ElementTree as ET

from chokepoint.exports.anx import write_anx
from chokepoint.exports.attributes import Attribute
from chokepoint.exports.gexf import write_gexf
from chokepoint.exports.graphml import write_graphml
from chokepoint.exports.mtgx import write_mtgx
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import token

HARD = "A & B <tag> \"quoted\" 'single'\nsecond line\ttab\r\x01bell ü 毒 \U0001f48a"
READ_BACK = HARD.replace("\x01", "")  # dropped: not allowed in XML 1.0
NODE_ATTRS = [
    Attribute(name, kind)
    for name, kind in [
        ("name", "string"),
        ("flag", "boolean"),
        ("count", "integer"),
        ("tags", "string"),
        ("agency", "string"),
        ("mixed", "string"),
    ]
]
EDGE_ATTRS = [Attribute("note", "string")]


def elements() -> tuple[list[ExportNode], list[ExportEdge]]:
    """Many nodes, so every per-property cache fills and is dropped; a flag that is True on one node
    and a count of 1 on the same node; a repeated agency."""
    nodes = [
        ExportNode(
            f"n{i}",
            "Person",
            {
                "name": f"{HARD} {i}",
                "agency": "DEA",
                "flag": i % 2 == 0,
                "count": 1,
                "tags": ["a&b", f"<{i}>"],
                "mixed": True if i % 3 == 0 else 1,
            },
        )
        for i in range(3000)
    ]
    edges = [ExportEdge("e1", "ASSOCIATE_OF", "n0", "n1", {"note": HARD})]
    return nodes, edges


def expected_node(i: int) -> dict[str, str]:
    return {
        "name": f"{READ_BACK} {i}",
        "agency": "DEA",
        "flag": "true" if i % 2 == 0 else "false",
        "count": "1",
        "tags": f'["a&b", "<{i}>"]',
        "mixed": "true" if i % 3 == 0 else "1",
    }


def written(writer) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    nodes, edges = elements()
    assert writer(out, nodes, edges, NODE_ATTRS, EDGE_ATTRS, {}) == (3000, 1)
    return out.getvalue()


def test_graphml_values_read_back_exactly():
    root = ET.fromstring(written(write_graphml))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    for i, node in enumerate(root.iter(f"{ns}node")):
        values = {data.get("key")[2:]: data.text for data in node.iter(f"{ns}data")}
        assert {key: values[key] for key in expected_node(i)} == expected_node(i)
    assert {d.get("key"): d.text for d in root.iter(f"{ns}edge").__next__()}["e_note"] == READ_BACK


def test_gexf_values_read_back_exactly():
    root = ET.fromstring(written(write_gexf))
    ns = "{http://gexf.net/1.3}"
    for i, node in enumerate(root.iter(f"{ns}node")):
        values = {v.get("for"): v.get("value") for v in node.iter(f"{ns}attvalue")}
        assert {key: values[key] for key in expected_node(i)} == expected_node(i)
        assert node.get("label") == f"{READ_BACK} {i}"


def test_anx_values_read_back_exactly():
    root = ET.fromstring(written(partial(write_anx, link_types=["ASSOCIATE_OF"])))
    items = list(root.iter("ChartItem"))
    for i, item in enumerate(items[:3000]):
        values = {a.get("AttributeClass"): a.get("Value") for a in item.iter("Attribute")}
        assert {key: values[key] for key in expected_node(i)} == expected_node(i)
    link = {a.get("AttributeClass"): a.get("Value") for a in items[3000].iter("Attribute")}
    assert link == {"note": READ_BACK}


def test_mtgx_values_read_back_exactly(model, tmp_path):
    nodes, edges = elements()
    path = tmp_path / "chart.mtgx"
    assert write_mtgx(path, model, nodes, edges, EDGE_ATTRS) == (3000, 1)
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("Graphs/Graph1.graphml"))
    ns = "{http://maltego.paterva.com/xml/mtgx}"
    for i, entity in enumerate(root.iter(f"{ns}MaltegoEntity")):
        values = {p.get("displayName"): p.find(f"{ns}Value").text for p in entity.iter(f"{ns}Property")}
        assert {key: values[key] for key in expected_node(i)} == expected_node(i)


def test_ids_become_nmtokens_and_stay_apart():
    ids = [
        "IdentityDocument:C.U.R.P.|AAVC880725HBCMLH00|MX",
        "Phone:+52 (55) 1234#5",
        "a|b",
        "a_x007C_b",  # what "a|b" becomes: "_" is escaped too, so the two stay apart
        "Organización:ÑANDÚ",
        "ofac:11440",
    ]
    tokens = [token(i) for i in ids]
    assert len(set(tokens)) == len(ids)
    assert all(re.fullmatch(r"[-.:A-Za-z0-9_]+", t) for t in tokens)
    assert token("ofac:11440") == "ofac:11440"  # already a token: unchanged
    assert token("a|b") == "a_x007C_b" and token("a_x007C_b") == "a_x005F_x007C_x005F_b"


def test_csv_columns_never_take_a_title_gephi_reads_as_its_own(tmp_path):
    """Gephi's spreadsheet importer reads Kind, Weight, Interval … as edge kind, weight, time: a
    property of such a name (LOCATED_IN's kind) gets a column of its own name plus _property."""
    from chokepoint.exports.attributes import Attribute
    from chokepoint.exports.csv_files import write_csv
    from chokepoint.exports.subgraph import ExportEdge, ExportNode

    nodes = [
        ExportNode("a", "Person", {"name": "A"}),
        ExportNode("b", "Location", {"name": "B", "kind": "city"}),
    ]
    edges = [ExportEdge("e", "LOCATED_IN", "a", "b", {"kind": "residence", "note": "x"})]
    node_attrs = [Attribute("name", "string"), Attribute("kind", "string")]
    edge_attrs = [Attribute("kind", "string"), Attribute("note", "string")]
    assert write_csv(tmp_path, nodes, edges, node_attrs, edge_attrs) == (2, 1)
    node_rows = list(csv.DictReader((tmp_path / "nodes.csv").read_text(encoding="utf-8").splitlines()))
    (edge_row,) = list(csv.DictReader((tmp_path / "edges.csv").read_text(encoding="utf-8").splitlines()))
    assert edge_row["kind_property"] == "residence" and "kind" not in edge_row and "Kind" not in edge_row
    assert edge_row["note"] == "x" and edge_row["Type"] == "Directed" and edge_row["Label"] == "LOCATED_IN"
    assert node_rows[1]["kind_property"] == "city" and node_rows[1]["Label"] == "B"
