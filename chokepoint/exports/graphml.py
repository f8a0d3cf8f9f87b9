"""GraphML (yEd, Cytoscape, Gephi), streamed with the standard library's XMLGenerator."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from chokepoint.exports.attributes import Attribute, text
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import XmlStream

NS = "http://graphml.graphdrawing.org/xmlns"
TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean"}


def write_graphml(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
) -> tuple[int, int]:
    xml = XmlStream(out)
    xml.open("graphml", {"xmlns": NS})
    declared = [("node", "label", "string"), ("node", "caption", "string"), ("edge", "type", "string")]
    declared += [("node", a.name, a.kind) for a in node_attrs] + [
        ("edge", a.name, a.kind) for a in edge_attrs
    ]
    for scope, name, kind in declared:
        xml.leaf(
            "key", {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name, "attr.type": TYPES[kind]}
        )
    xml.open("graph", {"id": "chokepoint", "edgedefault": "directed"})
    node_count = edge_count = 0
    for node in nodes:
        xml.open("node", {"id": node.id})
        _data(xml, "n", {"label": node.label, "caption": node.caption, **node.props})
        xml.close("node")
        node_count += 1
    for edge in edges:
        xml.open("edge", {"id": edge.id, "source": edge.source, "target": edge.target})
        _data(xml, "e", {"type": edge.type, **edge.props})
        xml.close("edge")
        edge_count += 1
    xml.close("graph")
    xml.close("graphml")
    xml.end()
    return node_count, edge_count


def _data(xml: XmlStream, scope: str, values: dict[str, object]) -> None:
    for name, value in values.items():
        if value is not None:
            xml.element("data", {"key": f"{scope}_{name}"}, text(value))
