"""MTGX properties carry Maltego's types from the schema's (text where the schema has no counterpart),
and date-times the text Maltego reads."""

import io
import zipfile

from defusedxml import ElementTree as ET

from chokepoint.exports.mtgx import MALTEGO_TYPES, maltego_datetime, property_types, write_mtgx
from chokepoint.exports.subgraph import ExportNode

MTG = "{http://maltego.paterva.com/xml/mtgx}"


def test_each_property_takes_its_schema_types_maltego_type(model):
    types = property_types(model)
    declared: dict[str, set[str]] = {}
    groups = [model.node_properties(label) for label in model.nodes]
    groups += [model.relationship_properties(kind) for kind in model.relationships]
    for properties in groups:
        for name, spec in properties.items():
            if not spec.internal:
                declared.setdefault(name, set()).add(spec.type)
    assert set(types) == set(declared)
    for name, kinds in declared.items():
        one = MALTEGO_TYPES.get(next(iter(kinds)), "string") if len(kinds) == 1 else "string"
        assert types[name] == one, (name, kinds)
    assert types["ofacUid"] == "long" and types["weightKg"] == "double" and types["aliases"] == "string"
    assert set(types.values()) == {*MALTEGO_TYPES.values(), "string"}  # every mapped type is used


def test_date_times_as_maltego_reads_them_in_utc():
    assert maltego_datetime("2024-01-02T03:04:05Z") == "2024-01-02 03:04:05.000000"
    assert maltego_datetime("2024-01-02T03:04:05.5+02:00") == "2024-01-02 01:04:05.500000"
    assert maltego_datetime("2024-01-02T03:04:05.123456789Z") == "2024-01-02 03:04:05.123456"


def test_typed_values_definitions_and_positions_in_the_file(model, tmp_path):
    nodes = [
        ExportNode("t1", "Transfer", {"index": 2**40, "timestamp": "2024-01-02T03:04:05Z"}),
        ExportNode("s1", "Shipment", {"weightKg": 12.5}),
    ]
    path = tmp_path / "chart.mtgx"
    assert write_mtgx(path, model, nodes, [], []) == (2, 0)
    with zipfile.ZipFile(path) as archive:
        graph = ET.fromstring(archive.read("Graphs/Graph1.graphml"))
        definition = ET.parse(io.BytesIO(archive.read("Entities/chokepoint.Transfer.entity"))).getroot()
    found = {p.get("name"): (p.get("type"), p.findtext(f"{MTG}Value")) for p in graph.iter(f"{MTG}Property")}
    assert found["chokepoint.index"] == ("long", str(2**40))
    assert found["chokepoint.weightKg"] == ("double", "12.5")
    fields = {f.get("name"): f.get("type") for f in definition.iter("Field")}
    assert (fields["chokepoint.index"], fields["chokepoint.timestamp"]) == ("long", "datetime")
    assert found["chokepoint.timestamp"] == ("datetime", "2024-01-02 03:04:05.000000")
    positions = [(p.get("x"), p.get("y")) for p in graph.iter(f"{MTG}Position")]
    assert len(positions) == 2 and len(set(positions)) == 2  # each node placed by the layout
