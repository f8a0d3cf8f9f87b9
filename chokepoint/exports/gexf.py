"""GEXF 1.3 (Gephi), streamed; each node coloured with its type's declared colour (``viz:color``), and
each element dated (``start``, a dynamic graph: ``dates.event_moment``) so Gephi's timeline shows
when things happened."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.dates import event_moment
from chokepoint.exports.layout import Layout
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
    colours = {label: _viz_colour(style.colour) for label, style in styles.items()}
    xml.open("nodes")
    layout = Layout()
    node_count = 0
    for node in nodes:  # each element written as one fragment
        xml.raw(
            f"{_I3}<node id={quoted(node.id)} label={quoted(node.caption)}{_start(node.label, node.props)}>"
            f"{values.block({'type': node.label, **node.props})}{colours.get(node.label, '')}"
            f"{_position(*layout.place(node.label, node.props))}{_I3}</node>"
        )
        node_count += 1
    xml.close("nodes")
    xml.open("edges")
    edge_count = 0
    for edge in edges:
        xml.raw(
            f"{_I3}<edge id={quoted(edge.id)} source={quoted(edge.source)} target={quoted(edge.target)} "
            f"label={quoted(edge.type)}{_start(edge.type, edge.props)}>{values.block(edge.props)}{_I3}</edge>"
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
        xml.leaf("attribute", {"id": attribute.name, "title": attribute.name, "type": TYPES[attribute.kind]})
    xml.close("attributes")


def _viz_colour(colour: str) -> str:
    """``<viz:color r= g= b=/>``: the components rather than 1.3's ``hex``, which older readers lack."""
    red, green, blue = rgb(colour)
    return f'{_I4}<viz:color r="{red}" g="{green}" b="{blue}"/>'


class _ValueLines:
    """An ``<attvalues>`` block of ``<attvalue for="name" value="…"/>`` lines."""

    def __init__(self) -> None:
        self._lines = PropertyLines(
            lambda name: f"{_I5}<attvalue for={quoted(name)} value=", "/>", in_attribute=True
        )

    def block(self, values: dict[str, object]) -> str:
        lines = self._lines.render(values)
        return f"{_I4}<attvalues>{lines}{_I4}</attvalues>" if lines else ""
