"""Maltego MTGX: a zip of the graph as Maltego GraphML plus the entity definitions it uses, written
as Maltego itself writes them (checked against a graph saved by Maltego CE 4.2 and Maltego's own
entity libraries; docs/exports.md).

Each node type is the entity type ``chokepoint.<Type>``, drawn with the Maltego standard icon
``schema/maltego.yaml`` gives it; its definition declares every exposed property and the node's
caption, which is the entity's value (what Maltego shows under the icon, as every other chart format
labels a node). Properties are typed from the schema with Maltego's own property types (see
``MALTEGO_TYPES``), in the definitions and on every value; a date-time is written as Maltego writes
one (``YYYY-MM-DD HH:MM:SS.mmm +hhmm``). Each node is placed where ``layout.py`` puts it, in
Maltego's renderer element (``mtg:EntityRenderer``/``mtg:Position``); each link carries Maltego's
empty ``mtg:LinkRenderer``. The keys are numbered as Maltego numbers them: ``d0`` entity, ``d1`` its
node graphics, ``d2`` link, ``d3`` its edge graphics."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.background import BackgroundWriter
from chokepoint.exports.layout import Layout, Placement
from chokepoint.exports.maltego_icons import icons_of
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted, token
from chokepoint.schema import DomainModel
from chokepoint.schema.model import exposed

MTG = "http://maltego.paterva.com/xml/mtgx"
PREFIX = "chokepoint."
CAPTION = "caption"  # every node's caption, declared in each definition as the entity's value
CAPTION_TEXT = "The node's caption, as every chart export labels it: its name or main identifier, else its id"
# graphml > graph > node|edge > data > mtg:MaltegoEntity|Link > mtg:Properties > mtg:Property
_I2, _I3, _I4, _I5, _I6 = (indentation(depth) for depth in range(2, 7))
# Every property, in a definition and on a value, as Maltego writes its own
_FIELD_FLAGS = {"nullable": "true", "hidden": "false", "readonly": "false"}
_FLAGS = " ".join(f'{name}="{value}"' for name, value in _FIELD_FLAGS.items())
# Schema property types as Maltego's (the type names of its entity files). Integers are text: the
# type is decided per schema type, not per value, and a schema integer may hold any 64-bit value (a
# transfer's leg is 48 bits; OFAC uids and block heights declare no bound), so neither Maltego's
# 32-bit ``int`` nor ``double`` (exact only up to 2^53) can carry every one; text keeps each digit.
# Exact decimals and lists stay text too (lists as JSON text).
MALTEGO_TYPES = {
    "float": "double",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}
_ZONE_ID = re.compile(r"\[[^\]]*\]\Z")  # Cypher's toString of a date-time in a named zone ends so


def write_mtgx(
    path: Path,
    model: DomainModel,
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    edge_attrs: list[Attribute],
    layout: Placement | None = None,
) -> tuple[int, int]:
    types = property_types(model)
    icons = icons_of(model)  # checked before anything is written
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("version.properties", "maltego.client.version=4.6\nmaltego.graph.version=1.2\n")
        for label in sorted(model.nodes):
            definition = _entity_definition(model, label, types, icons[label])
            archive.writestr(f"Entities/{PREFIX}{label}.entity", definition)
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


def maltego_datetime(value: str | datetime) -> str:
    """A date-time (ISO 8601 text, as an export page brings it: Cypher's ``toString``) as Maltego
    writes one: ``2019-08-28 15:51:13.547 +0100``, milliseconds (the rest of the fraction dropped) and
    the value's own UTC offset. A value without an offset is UTC, as ingest reads one
    (``schema/validation.py``); one whose offset has seconds (a historic zone's local mean time),
    which ``+hhmm`` cannot carry, is written in UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(_ZONE_ID.sub("", value))
    offset = moment.utcoffset()
    if offset is None:
        moment = moment.replace(tzinfo=UTC)
    elif offset % timedelta(minutes=1):
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} {moment:%z}"


def _entity_definition(model: DomainModel, label: str, types: Mapping[str, str], icon: str) -> bytes:
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
            "smallIconResource": icon,
            "largeIconResource": icon,
            "allowedRoot": "true",
            "conversionOrder": "2147483647",  # Maltego's own for a type it never converts text into
            "visible": "true",
        },
    )
    xml.open("Properties", {"value": PREFIX + CAPTION, "displayValue": PREFIX + CAPTION})
    xml.leaf("Groups", {})
    xml.open("Fields")
    fields = [(CAPTION, "string", CAPTION_TEXT)]
    properties = exposed(model.node_properties(label))
    fields += [(name, types[name], prop.description) for name, prop in properties.items()]
    for name, kind, description in fields:
        field = {"name": PREFIX + name, "type": kind, **_FIELD_FLAGS}
        xml.open("Field", {**field, "description": description, "displayName": name})
        xml.leaf("SampleValue", {})
        xml.close("Field")
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
    xml.leaf("key", {"attr.name": "MaltegoEntity", "for": "node", "id": "d0"})
    xml.leaf("key", {"for": "node", "id": "d1", "yfiles.type": "nodegraphics"})
    xml.leaf("key", {"attr.name": "MaltegoLink", "for": "edge", "id": "d2"})
    xml.leaf("key", {"for": "edge", "id": "d3", "yfiles.type": "edgegraphics"})
    xml.open("graph", {"edgedefault": "directed", "id": "G"})
    properties = _property_lines(types)
    moments = frozenset(name for name, kind in types.items() if kind == "datetime")
    placement = layout or Layout()
    node_count = edge_count = 0
    for node in nodes:  # each element written as one fragment
        properties_block = _block(properties, {CAPTION: node.caption, **_timed(node.props, moments)})
        x, y = placement.position(node)
        xml.raw(
            f'{_I2}<node id="{token(node.id)}">{_I3}<data key="d0">'
            f"{_I4}<mtg:MaltegoEntity type={quoted(PREFIX + node.label)}>{properties_block}"
            f'{_I4}</mtg:MaltegoEntity>{_I3}</data>{_I3}<data key="d1">'
            f'{_I4}<mtg:EntityRenderer><mtg:Position x="{x:.1f}" y="{y:.1f}"/></mtg:EntityRenderer>'
            f"{_I3}</data>{_I2}</node>"
        )
        node_count += 1
    for edge in edges:
        values = {"maltego.link.manual.type": edge.type, **_timed(edge.props, moments)}
        xml.raw(
            f'{_I2}<edge id="{token(edge.id)}" source="{token(edge.source)}" target="{token(edge.target)}">'
            f'{_I3}<data key="d2">{_I4}<mtg:MaltegoLink type="maltego.link.manual-link">'
            f"{_block(properties, values)}{_I4}</mtg:MaltegoLink>{_I3}</data>"
            f'{_I3}<data key="d3">{_I4}<mtg:LinkRenderer/>{_I3}</data>{_I2}</edge>'
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
        key: _remembered_datetime(value) if key in moments and isinstance(value, str | datetime) else value
        for key, value in props.items()
    }


# :func:`maltego_datetime`, remembered: one ingest stamps the same ingestedAt and firstSeenAt on
# everything it writes, so most elements of a chart repeat a few values.
_remembered_datetime = lru_cache(maxsize=65_536)(maltego_datetime)


def _property_lines(types: Mapping[str, str]) -> PropertyLines:
    """``<mtg:Property …><mtg:Value>…</mtg:Value></mtg:Property>`` per property, on one line: the
    properties are most of an MTGX file, and indenting their inner tags too made it a third larger to
    encode and deflate."""

    def opening(name: str) -> str:
        key = name if name.startswith("maltego.") else PREFIX + name
        kind = types.get(name, "string")
        return (
            f'{_I6}<mtg:Property name={quoted(key)} type="{kind}" {_FLAGS} displayName={quoted(name)}>'
            "<mtg:Value>"
        )

    return PropertyLines(opening, "</mtg:Value></mtg:Property>", in_attribute=False)


def _block(lines: PropertyLines, values: dict[str, object]) -> str:
    return f"{_I5}<mtg:Properties>{lines.render(values)}{_I5}</mtg:Properties>"
