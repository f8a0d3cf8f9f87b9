"""i2 Analyst's Notebook exchange XML (ANX): entity and link types, icons per type, labels, dates and
attributes (provenance and handling caveat included), streamed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from chokepoint.exports.attributes import Attribute
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.exports.xmlstream import PropertyLines, XmlStream, indentation, quoted

# Chokepoint node type -> Analyst's Notebook standard icon.
ICONS = {
    "Person": "Person",
    "Organization": "Organisation",
    "CryptoAddress": "Bitcoin",
    "WalletCluster": "Bitcoin",
    "Transfer": "Money Transfer",
    "Shipment": "Container",
    "Substance": "Drugs",
    "Equipment": "Tool",
    "Seizure": "Police",
    "SeizureStatistic": "Document",
    "Location": "Place",
    "Port": "Port",
    "DarknetMarket": "Web Site",
    "VendorAccount": "User Account",
    "SanctionsProgram": "Document",
    "Designation": "Document",
    "IdentityDocument": "Passport",
    "Phone": "Phone",
    "SourceDocument": "Document",
    "Vessel": "Ship",
    "Aircraft": "Aircraft",
}
ATTRIBUTE_INDENT = indentation(4)  # Chart > ChartItemCollection > ChartItem > AttributeCollection > Attribute
ATT_TYPES = {"string": "AttText", "integer": "AttNumber", "float": "AttNumber", "boolean": "AttFlag"}


def write_anx(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
) -> tuple[int, int]:
    xml = XmlStream(out)
    xml.open("Chart", {"IdReferenceLinking": "false", "Rigorous": "true"})
    xml.open("EntityTypeCollection")
    for label, icon in sorted(ICONS.items()):
        xml.leaf("EntityType", {"Name": label, "IconFile": icon})
    xml.close("EntityTypeCollection")
    attributes = {a.name: a for a in [*node_attrs, *edge_attrs]}
    xml.open("AttributeClassCollection")
    for name, attribute in sorted(attributes.items()):
        xml.leaf("AttributeClass", {"Name": name, "Type": ATT_TYPES[attribute.kind], "ShowValue": "true"})
    xml.close("AttributeClassCollection")
    xml.open("ChartItemCollection")
    attribute_lines = PropertyLines(
        lambda name: f"{ATTRIBUTE_INDENT}<Attribute AttributeClass={quoted(name)} Value=",
        "/>",
        in_attribute=True,
    )
    node_count = edge_count = 0
    for node in nodes:
        xml.open("ChartItem", {"Label": node.caption, **_date(node.props)})
        xml.open("End")
        xml.open("Entity", {"EntityId": node.id, "Identity": node.id, "LabelIsIdentity": "false"})
        xml.open("Icon")
        xml.leaf("IconStyle", {"Type": node.label})
        xml.close("Icon")
        xml.close("Entity")
        xml.close("End")
        _attributes(xml, attribute_lines, node.props)
        xml.close("ChartItem")
        node_count += 1
    for edge in edges:
        xml.open("ChartItem", {"Label": edge.type, **_date(edge.props)})
        xml.open("Link", {"End1Id": edge.source, "End2Id": edge.target})
        xml.leaf(
            "LinkStyle", {"ArrowStyle": "ArrowOnHead", "Type": edge.type, "MlStyle": "MultiplicitySingle"}
        )
        xml.close("Link")
        _attributes(xml, attribute_lines, edge.props)
        xml.close("ChartItem")
        edge_count += 1
    xml.close("ChartItemCollection")
    xml.close("Chart")
    xml.end()
    return node_count, edge_count


def _date(props: dict[str, object]) -> dict[str, str]:
    """The item's date on the chart: the event date when there is one, else when it was first seen."""
    for key in ("seizedOn", "shippedOn", "timestamp", "designatedOn", "firstSeenAt"):
        value = props.get(key)
        if value:
            stamp = str(value)
            return {"DateTime": stamp[:19] if "T" in stamp else f"{stamp}T00:00:00", "DateSet": "true"}
    return {}


def _attributes(xml: XmlStream, lines: PropertyLines, props: dict[str, object]) -> None:
    xml.open("AttributeCollection")
    xml.raw(lines.render(props))
    xml.close("AttributeCollection")
