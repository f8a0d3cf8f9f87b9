"""GraphML (yEd, Cytoscape, Gephi), streamed; ``label`` is each node's display name (Gephi shows it),
``type`` its type.

Each node carries its type's declared colour twice: ``color`` (``#rrggbb``, a column that yEd's
properties mapper and Cytoscape's style mappings can use) and ``r``/``g``/``b``, the keys Gephi's GraphML
importer reads as the node colour. Relationship types declare no colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.layout import Layout, Placement
from chokepoint.exports.styles import Styles, rgb
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted, token

NS = "http://graphml.graphdrawing.org/xmlns"
_I2, _I3 = indentation(2), indentation(3)  # graphml > graph > node|edge > data
TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean"}


def write_graphml(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
    styles: Styles,
    layout: Placement | None = None,
) -> tuple[int, int]:
    xml = XmlStream(out)
    xml.open("graphml", {"xmlns": NS})
    # Gephi's importer takes the key named "label" as each element's label: the display name for a
    # node (its type goes in "type"), the relationship type for an edge
    declared = [("node", "label", "string"), ("node", "type", "string")]
    declared += [("edge", "label", "string"), ("edge", "type", "string")]
    declared += [("node", "color", "string"), *(("node", part, "integer") for part in "rgb")]
    declared += [("node", "x", "float"), ("node", "y", "float")]  # Gephi's importer reads the position
    declared += [("node", a.name, a.kind) for a in node_attrs] + [
        ("edge", a.name, a.kind) for a in edge_attrs
    ]
    for scope, name, kind in declared:
        xml.leaf(
            "key", {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name, "attr.type": TYPES[kind]}
        )
    xml.open("graph", {"id": "chokepoint", "edgedefault": "directed"})
    node_data, edge_data = _data_lines("n"), _data_lines("e")
    colours = {label: _colour_data(style.colour) for label, style in styles.items()}
    placement = layout or Layout()
    node_count = edge_count = 0
    for node in nodes:  # each element written as one fragment
        x, y = placement.position(node)
        data = node_data.render({"label": node.caption, "type": node.label, "x": x, "y": y, **node.props})
        xml.raw(f'{_I2}<node id="{token(node.id)}">{data}{colours.get(node.label, "")}{_I2}</node>')
        node_count += 1
    for edge in edges:
        data = edge_data.render({"label": edge.type, "type": edge.type, **edge.props})
        xml.raw(
            f'{_I2}<edge id="{token(edge.id)}" source="{token(edge.source)}" target="{token(edge.target)}">'
            f"{data}{_I2}</edge>"
        )
        edge_count += 1
    xml.close("graph")
    xml.close("graphml")
    xml.end()
    return node_count, edge_count


def _colour_data(colour: str) -> str:
    red, green, blue = rgb(colour)
    values = {"color": colour, "r": red, "g": green, "b": blue}
    return "".join(f'{_I3}<data key="n_{name}">{value}</data>' for name, value in values.items())


def _data_lines(scope: str) -> PropertyLines:
    """``<data key="n_name">value</data>`` lines inside a node (scope "n") or an edge ("e")."""
    return PropertyLines(
        lambda name: f"{_I3}<data key={quoted(f'{scope}_{name}')}>", "</data>", in_attribute=False
    )
