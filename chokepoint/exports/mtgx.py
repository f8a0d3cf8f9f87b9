"""Maltego MTGX: a zip of the graph as Maltego GraphML plus the entity definitions it uses.

Properties are typed from the schema with Maltego's own property types (the names Maltego's entity
files use: ``long``, ``double``, ``boolean``, ``date``, ``datetime``; exact decimals, lists and text
stay ``string``, lists as JSON text), in the entity definitions and on every value; a date-time is
written as Maltego reads one (``YYYY-MM-DD HH:MM:SS.ffffff``, UTC). Each node is placed where
``layout.py`` puts it, in Maltego's own renderer element (``mtg:EntityRenderer``/``mtg:Position``
under the node's ``d1`` key; the keys are numbered as Maltego numbers them: ``d0`` entity, ``d1``
its renderer, ``d2`` link)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.background import BackgroundWriter
from chokepoint.exports.layout import Layout, Placement
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted, token
from chokepoint.schema import DomainModel
from chokepoint.schema.model import exposed

MTG = "http://maltego.paterva.com/xml/mtgx"
PREFIX = "chokepoint."
# graphml > graph > node|edge > data > mtg:MaltegoEntity|Link > mtg:Properties > mtg:Property
_I2, _I3, _I4, _I5, _I6 = (indentation(depth) for depth in range(2, 7))
# Schema property types as Maltego's (integers as long: a transfer's leg is 48 bits); others are text
MALTEGO_TYPES = {
    "integer": "long",
    "float": "double",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}


def write_mtgx(
    path: Path,
    model: DomainModel,
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    edge_attrs: list[Attribute],
    layout: Placement | None = None,
) -> tuple[int, int]:
    types = property_types(model)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("version.properties", "maltego.client.version=4.6\nmaltego.graph.version=1.2\n")
        for label in sorted(model.nodes):
            archive.writestr(f"Entities/{PREFIX}{label}.entity", _entity_definition(model, label, types))
        with (
            archive.open("Graphs/Graph1.graphml", "w", force_zip64=True) as entry,
            io.BufferedWriter(BackgroundWriter(entry)) as out,  # deflated beside the rendering
        ):
            counts = _graph(out, nodes, edges, types, layout)
    return counts


def property_types(model: DomainModel) -> dict[str, str]:
    """Each exported property's Maltego type, by name over every type (a name two types type
    differently is text)."""
    found: dict[str, str] = {}
    groups = [model.node_properties(label) for label in model.nodes]
    groups += [model.relationship_properties(kind) for kind in model.relationships]
    for properties in groups:
        for name, spec in exposed(properties).items():
            kind = MALTEGO_TYPES.get(spec.type, "string")
            found[name] = kind if found.get(name, kind) == kind else "string"
    return found


def maltego_datetime(value: str) -> str:
    """ISO 8601 text as Maltego's date-time text, in UTC."""
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _entity_definition(model: DomainModel, label: str, types: Mapping[str, str]) -> bytes:
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
        field = {"name": PREFIX + name, "type": types[name], "displayName": name}
        xml.leaf("Field", {**field, "description": prop.description})
    xml.close("Fields")
    xml.close("Properties")
    xml.close("MaltegoEntity")
    xml.end()
    return buffer.getvalue()


def _graph(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    types: Mapping[str, str],
    layout: Placement | None,
) -> tuple[int, int]:
    xml = XmlStream(out)
    xml.open("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns", "xmlns:mtg": MTG})
    xml.leaf("key", {"id": "d0", "for": "node", "attr.name": "MaltegoEntity"})
    xml.leaf("key", {"id": "d1", "for": "node", "attr.name": "EntityRenderer"})
    xml.leaf("key", {"id": "d2", "for": "edge", "attr.name": "MaltegoLink"})
    xml.open("graph", {"id": "G", "edgedefault": "directed"})
    properties = _property_lines(types)
    moments = frozenset(name for name, kind in types.items() if kind == "datetime")
    placement = layout or Layout()
    node_count = edge_count = 0
    for node in nodes:  # each element written as one fragment
        properties_block = _block(properties, {"caption": node.caption, **_timed(node.props, moments)})
        x, y = placement.position(node)
        xml.raw(
            f'{_I2}<node id="{token(node.id)}">{_I3}<data key="d0">'
            f"{_I4}<mtg:MaltegoEntity type={quoted(PREFIX + node.label)}>{properties_block}"
            f'{_I4}</mtg:MaltegoEntity>{_I3}</data>{_I3}<data key="d1">'
            f'{_I4}<mtg:EntityRenderer><mtg:Position x="{x:g}" y="{y:g}"/></mtg:EntityRenderer>'
            f"{_I3}</data>{_I2}</node>"
        )
        node_count += 1
    for edge in edges:
        values = {"maltego.link.manual.type": edge.type, **_timed(edge.props, moments)}
        xml.raw(
            f'{_I2}<edge id="{token(edge.id)}" source="{token(edge.source)}" target="{token(edge.target)}">'
            f'{_I3}<data key="d2">{_I4}<mtg:MaltegoLink type="maltego.link.manual-link">'
            f"{_block(properties, values)}{_I4}</mtg:MaltegoLink>{_I3}</data>{_I2}</edge>"
        )
        edge_count += 1
    xml.close("graph")
    xml.close("graphml")
    xml.end()
    return node_count, edge_count


def _timed(props: dict[str, object], moments: frozenset[str]) -> dict[str, object]:
    """``props`` with each date-time as Maltego's text."""
    if moments.isdisjoint(props):
        return props
    return {
        key: maltego_datetime(value) if key in moments and isinstance(value, str) else value
        for key, value in props.items()
    }


def _property_lines(types: Mapping[str, str]) -> PropertyLines:
    """``<mtg:Property …><mtg:Value>…</mtg:Value></mtg:Property>`` per property, on one line: the
    properties are most of an MTGX file, and indenting their inner tags too made it a third larger to
    encode and deflate."""

    def opening(name: str) -> str:
        key = name if name.startswith("maltego.") else PREFIX + name
        kind = types.get(name, "string")
        return f'{_I6}<mtg:Property name={quoted(key)} type="{kind}" displayName={quoted(name)}><mtg:Value>'

    return PropertyLines(opening, "</mtg:Value></mtg:Property>", in_attribute=False)


def _block(lines: PropertyLines, values: dict[str, object]) -> str:
    return f"{_I5}<mtg:Properties>{lines.render(values)}{_I5}</mtg:Properties>"
