"""GEXF 1.3 (Gephi), streamed; each node coloured and sized as its type declares (``viz:color``,
``viz:size``), each element dated (``start``, a dynamic graph: ``dates.event_moment``) so Gephi's
timeline shows when things happened, and list-valued properties typed as GEXF 1.3 lists
(``liststring``, ``listlong``, ``listdouble``) in the text Gephi reads and writes them as."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from chokepoint.exports.attributes import Attribute, text
from chokepoint.exports.dates import event_moment
from chokepoint.exports.layout import Layout, Placement
from chokepoint.exports.styles import Styles, rgb
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
_I3, _I4, _I5 = (indentation(depth) for depth in (3, 4, 5))  # gexf > graph > nodes > node > attvalues > …
TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean"}


def write_gexf(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
    styles: Styles,
    layout: Placement | None = None,
) -> tuple[int, int]:
    xml = XmlStream(out)
    xml.open("gexf", {"xmlns": NS, "xmlns:viz": VIZ, "version": "1.3"})
    xml.open("meta")
    xml.element("creator", {}, "Chokepoint")
    xml.close("meta")
    xml.open("graph", {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "dateTime"})
    _declare(xml, "node", [Attribute("type", "string"), *node_attrs])
    _declare(xml, "edge", edge_attrs)
    values = _ValueLines()
    node_lists = {a.name for a in node_attrs if a.item}
    edge_lists = {a.name for a in edge_attrs if a.item}
    looks = {label: _viz_colour(style.colour) + _viz_size(style.size) for label, style in styles.items()}
    xml.open("nodes")
    placement = layout or Layout()
    node_count = 0
    for node in nodes:  # each element written as one fragment
        xml.raw(
            f"{_I3}<node id={quoted(node.id)} label={quoted(node.caption)}{_start(node.label, node.props)}>"
            f"{values.block({'type': node.label, **_listed(node.props, node_lists)})}"
            f"{looks.get(node.label, '')}"
            f"{_position(*placement.position(node))}{_I3}</node>"
        )
        node_count += 1
    xml.close("nodes")
    xml.open("edges")
    edge_count = 0
    for edge in edges:
        xml.raw(
            f"{_I3}<edge id={quoted(edge.id)} source={quoted(edge.source)} target={quoted(edge.target)} "
            f"label={quoted(edge.type)}{_start(edge.type, edge.props)}>"
            f"{values.block(_listed(edge.props, edge_lists))}{_I3}</edge>"
        )
        edge_count += 1
    xml.close("edges")
    xml.close("graph")
    xml.close("gexf")
    xml.end()
    return node_count, edge_count


def _position(x: float, y: float) -> str:
    return f'{_I4}<viz:position x="{x:g}" y="{y:g}" z="0"/>'


def _start(kind: str, props: dict[str, object]) -> str:
    moment = event_moment(kind, props)
    return f" start={quoted(moment)}" if moment else ""


def _declare(xml: XmlStream, scope: str, attributes: list[Attribute]) -> None:
    xml.open("attributes", {"class": scope})
    for attribute in attributes:
        kind = f"list{TYPES[attribute.item]}" if attribute.item else TYPES[attribute.kind]
        xml.leaf("attribute", {"id": attribute.name, "title": attribute.name, "type": kind})
    xml.close("attributes")


def _viz_colour(colour: str) -> str:
    """``<viz:color r= g= b=/>``: the components rather than 1.3's ``hex``, which older readers lack."""
    red, green, blue = rgb(colour)
    return f'{_I4}<viz:color r="{red}" g="{green}" b="{blue}"/>'


def _viz_size(size: float) -> str:
    return f'{_I4}<viz:size value="{size:g}"/>'


def _listed(props: dict[str, object], lists: set[str]) -> dict[str, object]:
    """``props`` with each value of a list attribute as GEXF list text (an empty list left out)."""
    if not any(type(props.get(name)) is list for name in lists):
        return props
    return {
        key: (gexf_list(value) or None) if key in lists and isinstance(value, list) else value
        for key, value in props.items()
    }


_LIST_SPECIAL = re.compile(r"[\s,\[\]\"']")


def gexf_list(values: list[object]) -> str:
    """A list as Gephi prints one (``[a, b, "two words"]``: an item quoted, with ``\\`` and ``"``
    escaped, when it holds white space, a comma, bracket or quote, is blank, or reads ``null``), which its
    GEXF 1.3 importer parses back item by item. An empty list is the empty text (no value)."""
    items = []
    for value in values:
        item = text(value)
        if item == "null" or not item.strip() or _LIST_SPECIAL.search(item):
            item = '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        items.append(item)
    return f"[{', '.join(items)}]" if items else ""


class _ValueLines:
    """An ``<attvalues>`` block of ``<attvalue for="name" value="…"/>`` lines."""

    def __init__(self) -> None:
        self._lines = PropertyLines(
            lambda name: f"{_I5}<attvalue for={quoted(name)} value=", "/>", in_attribute=True
        )

    def block(self, values: dict[str, object]) -> str:
        lines = self._lines.render(values)
        return f"{_I4}<attvalues>{lines}{_I4}</attvalues>" if lines else ""
