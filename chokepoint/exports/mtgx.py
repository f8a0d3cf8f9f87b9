"""Maltego MTGX: a zip of the graph as Maltego GraphML plus the entity definitions it uses."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.background import BackgroundWriter
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted, token
from chokepoint.schema import DomainModel
from chokepoint.schema.model import exposed

MTG = "http://maltego.paterva.com/xml/mtgx"
PREFIX = "chokepoint."
# graphml > graph > node|edge > data > mtg:MaltegoEntity|Link > mtg:Properties > mtg:Property
_I2, _I3, _I4, _I5, _I6 = (indentation(depth) for depth in range(2, 7))


def write_mtgx(
    path: Path,
    model: DomainModel,
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    edge_attrs: list[Attribute],
) -> tuple[int, int]:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("version.properties", "maltego.client.version=4.6\nmaltego.graph.version=1.2\n")
        for label in sorted(model.nodes):
            archive.writestr(f"Entities/{PREFIX}{label}.entity", _entity_definition(model, label))
        with (
            archive.open("Graphs/Graph1.graphml", "w", force_zip64=True) as entry,
            io.BufferedWriter(BackgroundWriter(entry)) as out,  # deflated beside the rendering
        ):
            counts = _graph(out, nodes, edges, edge_attrs)
    return counts


def _entity_definition(model: DomainModel, label: str) -> bytes:
    buffer = io.BytesIO()
    xml = XmlStream(buffer)
    spec = model.node(label)
    xml.open(
        "MaltegoEntity",
        {
            "id": PREFIX + label,
            "displayName": label,
            "displayNamePlural": label,
            "description": spec.description,
            "category": "Chokepoint",
            "allowedRoot": "true",
        },
    )
    xml.open("Properties", {"value": f"{PREFIX}{spec.display}", "displayValue": f"{PREFIX}{spec.display}"})
    xml.open("Fields")
    for name, prop in exposed(model.node_properties(label)).items():
        xml.leaf(
            "Field",
            {"name": PREFIX + name, "type": "string", "displayName": name, "description": prop.description},
        )
    xml.close("Fields")
    xml.close("Properties")
    xml.close("MaltegoEntity")
    xml.end()
    return buffer.getvalue()


def _graph(
    out: IO[bytes], nodes: Iterable[ExportNode], edges: Iterable[ExportEdge], edge_attrs: list[Attribute]
) -> tuple[int, int]:
    xml = XmlStream(out)
    xml.open("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns", "xmlns:mtg": MTG})
    xml.leaf("key", {"id": "d0", "for": "node", "attr.name": "MaltegoEntity"})
    xml.leaf("key", {"id": "d1", "for": "edge", "attr.name": "MaltegoLink"})
    xml.open("graph", {"id": "G", "edgedefault": "directed"})
    properties = _property_lines()
    node_count = edge_count = 0
    for node in nodes:  # each element written as one fragment
        properties_block = _block(properties, {"caption": node.caption, **node.props})
        xml.raw(
            f'{_I2}<node id="{token(node.id)}">{_I3}<data key="d0">'
            f"{_I4}<mtg:MaltegoEntity type={quoted(PREFIX + node.label)}>{properties_block}"
            f"{_I4}</mtg:MaltegoEntity>{_I3}</data>{_I2}</node>"
        )
        node_count += 1
    for edge in edges:
        properties_block = _block(properties, {"maltego.link.manual.type": edge.type, **edge.props})
        xml.raw(
            f'{_I2}<edge id="{token(edge.id)}" source="{token(edge.source)}" target="{token(edge.target)}">'
            f'{_I3}<data key="d1">{_I4}<mtg:MaltegoLink type="maltego.link.manual-link">{properties_block}'
            f"{_I4}</mtg:MaltegoLink>{_I3}</data>{_I2}</edge>"
        )
        edge_count += 1
    xml.close("graph")
    xml.close("graphml")
    xml.end()
    return node_count, edge_count


def _property_lines() -> PropertyLines:
    """``<mtg:Property …><mtg:Value>…</mtg:Value></mtg:Property>`` per property, on one line: the
    properties are most of an MTGX file, and indenting their inner tags too made it a third larger to
    encode and deflate."""

    def opening(name: str) -> str:
        key = name if name.startswith("maltego.") else PREFIX + name
        return f'{_I6}<mtg:Property name={quoted(key)} type="string" displayName={quoted(name)}><mtg:Value>'

    return PropertyLines(opening, "</mtg:Value></mtg:Property>", in_attribute=False)


def _block(lines: PropertyLines, values: dict[str, object]) -> str:
    return f"{_I5}<mtg:Properties>{lines.render(values)}{_I5}</mtg:Properties>"
