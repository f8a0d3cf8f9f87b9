"""i2 Analyst's Notebook exchange XML (ANX): entity and link types, icons per type, labels, dates and
attributes (provenance and handling caveat included), streamed.

Entity types, their icons and icon colours (``style``) and the property dating each item
(``event_date``) come from the schema: every node type is declared before the first item, and each
entity's icon is shaded with its type's colour (``IconShadingColour``, a COLORREF). Links keep i2's
default colour (relationship types declare no style).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.dates import event_moment
from chokepoint.exports.layout import Layout, Placement
from chokepoint.exports.styles import Styles, colorref
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted

# Chart > ChartItemCollection > ChartItem > End|Link|AttributeCollection > Entity|Attribute > Icon > …
_I2, _I3, _I4, _I5, _I6 = (indentation(depth) for depth in range(2, 7))
ATT_TYPES = {"string": "AttText", "integer": "AttNumber", "float": "AttNumber", "boolean": "AttFlag"}
# Drawn beside each item: who holds the record and under which caveat. The other attributes (over a
# hundred classes: hashes, record lists) stay in the item's data, shown on request, not on the chart.
SHOWN_ON_CHART = frozenset({"agency", "caveat"})


def write_anx(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
    styles: Styles,
    *,
    link_types: Sequence[str],
    layout: Placement | None = None,
) -> tuple[int, int]:
    """The chart, its type collections first in the order of i2's exchange schema: attribute classes,
    link types (every relationship type of the model, each link's ``LinkStyle@Type``), entity types,
    then the chart items."""
    xml = XmlStream(out)
    xml.open("Chart", {"IdReferenceLinking": "false", "Rigorous": "true"})
    attributes = {a.name: a for a in [*node_attrs, *edge_attrs]}
    xml.open("AttributeClassCollection")
    for name, attribute in sorted(attributes.items()):
        shown = "true" if name in SHOWN_ON_CHART else "false"  # every value stays in the item's data
        xml.leaf("AttributeClass", {"Name": name, "Type": ATT_TYPES[attribute.kind], "ShowValue": shown})
    xml.close("AttributeClassCollection")
    xml.open("LinkTypeCollection")
    for link_type in sorted(link_types):
        xml.leaf("LinkType", {"Name": link_type, "Colour": "0"})  # a COLORREF: black, i2's default
    xml.close("LinkTypeCollection")
    xml.open("EntityTypeCollection")
    for label, style in sorted(styles.items()):
        xml.leaf("EntityType", {"Name": label, "IconFile": style.icon})
    xml.close("EntityTypeCollection")
    icons = _Icons(styles)
    xml.open("ChartItemCollection")
    attribute_lines = PropertyLines(
        lambda name: f"{_I4}<Attribute AttributeClass={quoted(name)} Value=",
        "/>",
        in_attribute=True,
    )
    placement = layout or Layout()
    node_count = edge_count = 0
    for node in nodes:  # each chart item written as one fragment (depths from ChartItemCollection's)
        node_id = quoted(node.id)
        x, y = placement.position(node)
        xml.raw(
            f"{_I2}<ChartItem Label={quoted(node.caption)}"
            f'{_date(node.label, node.props)} XPosition="{x:.0f}">{_I3}<End Y="{y:.0f}">'
            f'{_I4}<Entity EntityId={node_id} Identity={node_id} LabelIsIdentity="false">'
            f"{icons.of(node.label)}{_I4}</Entity>{_I3}</End>"
            f"{_I3}<AttributeCollection>{attribute_lines.render(node.props)}{_I3}</AttributeCollection>"
            f"{_I2}</ChartItem>"
        )
        node_count += 1
    for edge in edges:
        kind = quoted(edge.type)
        xml.raw(
            f"{_I2}<ChartItem Label={kind}{_date(edge.type, edge.props)}>"
            f"{_I3}<Link End1Id={quoted(edge.source)} End2Id={quoted(edge.target)}>"
            f'{_I4}<LinkStyle ArrowStyle="ArrowOnHead" Type={kind} MlStyle="MultiplicitySingle"/>{_I3}</Link>'
            f"{_I3}<AttributeCollection>{attribute_lines.render(edge.props)}{_I3}</AttributeCollection>"
            f"{_I2}</ChartItem>"
        )
        edge_count += 1
    xml.close("ChartItemCollection")
    xml.close("Chart")
    xml.end()
    return node_count, edge_count


class _Icons:
    """The ``<Icon>`` fragment of each entity type, built once per type: its icon style, shaded with
    the type's colour when it declares one."""

    def __init__(self, styles: Styles) -> None:
        self._styles = styles
        self._fragments: dict[str, str] = {}

    def of(self, label: str) -> str:
        fragment = self._fragments.get(label)
        if fragment is None:
            style = self._styles.get(label)
            shading = f' IconShadingColour="{colorref(style.colour)}"' if style else ""
            fragment = f"{_I5}<Icon>{_I6}<IconStyle Type={quoted(label)}{shading}/>{_I5}</Icon>"
            self._fragments[label] = fragment
        return fragment


def _date(kind: str, props: dict[str, object]) -> str:
    """The item's date on the chart (as attributes): ``dates.event_moment``."""
    moment = event_moment(kind, props)
    return f' DateTime={quoted(moment)} DateSet="true"' if moment else ""
