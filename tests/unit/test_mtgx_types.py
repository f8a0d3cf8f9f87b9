"""MTGX is written as Maltego itself writes a graph (Maltego CE 4.2's own saved graphs, Maltego's entity
libraries): properties carry Maltego's types from the schema's (text where Maltego has no type that
holds every value), date-times Maltego's text, the renderer keys and elements, entity definitions with
an icon from ``schema/maltego.yaml`` and the caption as their value."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
import yaml
from defusedxml import ElementTree as ET

from chokepoint.errors import InvalidModel
from chokepoint.exports.maltego_icons import FILE_NAME, icons_of, load_icons
from chokepoint.exports.mtgx import CAPTION, MALTEGO_TYPES, maltego_datetime, property_types, write_mtgx
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.schema import load_model
from chokepoint.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MTG = "{http://maltego.paterva.com/xml/mtgx}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
# Maltego's property types (MaltegoTech/maltego-transforms, src/maltego/model/types.py `xml_types`)
MALTEGO_TYPE_NAMES = {"string", "date", "datetime", "daterange", "int", "boolean", "double", "url", "color"}
MALTEGO_TYPE_NAMES |= {f"{name}[]" for name in MALTEGO_TYPE_NAMES}
MALTEGO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4}$")
POSITION = re.compile(r"^-?\d+\.\d$")  # Maltego's own: one decimal
FLAGS = {"nullable": "true", "hidden": "false", "readonly": "false"}
ICONS_FILE = PROJECT_ROOT / "schema" / FILE_NAME


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
    assert types["weightKg"] == "double" and types["aliases"] == "string"
    assert set(types.values()) == {*MALTEGO_TYPES.values(), "string"}  # every mapped type is used
    assert set(types.values()) <= MALTEGO_TYPE_NAMES


def test_integers_are_text_whatever_their_value(model):
    """A schema integer may hold any 64-bit value (a transfer's leg is 48 bits): Maltego's 32-bit int
    cannot, nor can a double exactly past 2^53, so every integer property is text, small ones too."""
    types = property_types(model)
    integers = {
        name
        for label in model.nodes
        for name, spec in model.node_properties(label).items()
        if spec.type == "integer" and not spec.internal
    }
    assert {"index", "ofacUid", "fiscalYear"} <= integers
    assert {types[name] for name in integers} == {"string"}
    assert "long" not in set(types.values())


def test_date_times_as_maltego_writes_them():
    """Milliseconds and the value's own offset, as Maltego writes ``2019-08-28 15:51:13.547 +0100``."""
    assert maltego_datetime("2024-01-02T03:04:05Z") == "2024-01-02 03:04:05.000 +0000"
    assert maltego_datetime("2024-01-02T03:04:05.5+02:00") == "2024-01-02 03:04:05.500 +0200"
    assert maltego_datetime("2024-01-02T03:04:05.123456789Z") == "2024-01-02 03:04:05.123 +0000"
    assert maltego_datetime("2024-01-02T03:04:05.9999-05:30") == "2024-01-02 03:04:05.999 -0530"
    # a named zone (Cypher's toString of a zoned date-time) keeps its offset
    assert maltego_datetime("2024-07-02T03:04:05+02:00[Europe/Paris]") == "2024-07-02 03:04:05.000 +0200"
    # no offset: UTC, as ingest reads a date-time without one
    assert maltego_datetime("2024-01-02T03:04:05") == "2024-01-02 03:04:05.000 +0000"
    # an offset with seconds (local mean time) cannot be written +hhmm: the same instant in UTC
    assert maltego_datetime("1900-01-01T00:00:00+00:53:28") == "1899-12-31 23:06:32.000 +0000"
    moment = datetime(2024, 1, 2, 3, 4, 5, 678_900, tzinfo=timezone(timedelta(hours=-3)))
    assert maltego_datetime(moment) == "2024-01-02 03:04:05.678 -0300"
    assert maltego_datetime(datetime(2024, 1, 2, tzinfo=UTC)) == "2024-01-02 00:00:00.000 +0000"


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
    assert found["chokepoint.index"] == ("string", str(2**40))  # every digit kept
    assert found["chokepoint.weightKg"] == ("double", "12.5")
    fields = {f.get("name"): f.get("type") for f in definition.iter("Field")}
    assert (fields["chokepoint.index"], fields["chokepoint.timestamp"]) == ("string", "datetime")
    assert found["chokepoint.timestamp"] == ("datetime", "2024-01-02 03:04:05.000 +0000")
    positions = [(p.get("x"), p.get("y")) for p in graph.iter(f"{MTG}Position")]
    assert len(positions) == 2 and len(set(positions)) == 2  # each node placed by the layout
    assert all(POSITION.fullmatch(c) for c in [x for x, _ in positions] + [y for _, y in positions])


def one_of_each(model) -> tuple[list[ExportNode], list[ExportEdge]]:
    stamp = {"ingestedAt": "2024-01-02T03:04:05.123456789Z", "firstSeenAt": "2023-12-31T23:00:00+01:00"}
    nodes = [
        ExportNode(f"n{i}", label, {model.node(label).display: label, **stamp})
        for i, label in enumerate(sorted(model.nodes))
    ]
    edges = [
        ExportEdge(f"e{i}", "ASSOCIATE_OF", f"n{i}", f"n{i + 1}", {"confidence": 0.5, **stamp})
        for i in range(len(nodes) - 1)
    ]
    return nodes, edges


def check_as_maltego_writes(archive: zipfile.ZipFile) -> Element:
    """What every MTGX must hold to read as Maltego's own (shared with the integration test's export)."""
    graph = ET.fromstring(archive.read("Graphs/Graph1.graphml"))
    keys = {key.get("id"): key.attrib for key in graph.iter(f"{GRAPHML}key")}
    assert keys == {
        "d0": {"attr.name": "MaltegoEntity", "for": "node", "id": "d0"},
        "d1": {"for": "node", "id": "d1", "yfiles.type": "nodegraphics"},
        "d2": {"attr.name": "MaltegoLink", "for": "edge", "id": "d2"},
        "d3": {"for": "edge", "id": "d3", "yfiles.type": "edgegraphics"},
    }
    for node in graph.iter(f"{GRAPHML}node"):
        data = {d.get("key"): d for d in node.iter(f"{GRAPHML}data")}
        assert data["d0"].find(f"{MTG}MaltegoEntity") is not None
        position = data["d1"].find(f"{MTG}EntityRenderer/{MTG}Position")
        assert POSITION.fullmatch(position.get("x")) and POSITION.fullmatch(position.get("y"))
    for edge in graph.iter(f"{GRAPHML}edge"):
        data = {d.get("key"): d for d in edge.iter(f"{GRAPHML}data")}
        assert data["d2"].find(f"{MTG}MaltegoLink").get("type") == "maltego.link.manual-link"
        assert [child.tag for child in data["d3"]] == [f"{MTG}LinkRenderer"]
    for prop in graph.iter(f"{MTG}Property"):
        assert prop.get("type") in MALTEGO_TYPE_NAMES, prop.attrib
        assert {name: prop.get(name) for name in FLAGS} == FLAGS, prop.attrib
        if prop.get("type") == "datetime":
            assert MALTEGO_DATETIME.fullmatch(prop.findtext(f"{MTG}Value")), prop.findtext(f"{MTG}Value")
    names = set(archive.namelist())
    assert "Graphs/Graph1.properties" not in names
    for entity in graph.iter(f"{MTG}MaltegoEntity"):
        definition = ET.fromstring(archive.read(f"Entities/{entity.get('type')}.entity"))
        assert definition.get("smallIconResource") and definition.get("largeIconResource")
        assert (definition.get("conversionOrder"), definition.get("visible")) == ("2147483647", "true")
        properties = definition.find("Properties")
        assert [child.tag for child in properties] == ["Groups", "Fields"]
        fields = {field.get("name"): field for field in properties.iter("Field")}
        for field in fields.values():
            assert field.get("type") in MALTEGO_TYPE_NAMES
            assert {name: field.get(name) for name in FLAGS} == FLAGS
            assert [child.tag for child in field] == ["SampleValue"]
        # every property a node carries is declared, the caption first and as the entity's value
        assert {p.get("name") for p in entity.iter(f"{MTG}Property")} <= set(fields)
        caption = f"chokepoint.{CAPTION}"
        assert next(iter(fields)) == properties.get("value") == properties.get("displayValue") == caption
    return graph


def test_the_file_is_as_maltego_writes_it(model, tmp_path):
    nodes, edges = one_of_each(model)
    path = tmp_path / "chart.mtgx"
    assert write_mtgx(path, model, nodes, edges, []) == (len(nodes), len(edges))
    with zipfile.ZipFile(path) as archive:
        graph = check_as_maltego_writes(archive)
        icons = {
            label: ET.fromstring(archive.read(f"Entities/chokepoint.{label}.entity")).get("largeIconResource")
            for label in model.nodes
        }
        assert set(archive.namelist()) == {
            "version.properties",
            "Graphs/Graph1.graphml",
            *(f"Entities/chokepoint.{label}.entity" for label in model.nodes),
        }
    assert icons == dict(icons_of(model))  # each type with its own icon from schema/maltego.yaml
    moments = [p.findtext(f"{MTG}Value") for p in graph.iter(f"{MTG}Property") if p.get("type") == "datetime"]
    assert set(moments) == {"2024-01-02 03:04:05.123 +0000", "2023-12-31 23:00:00.000 +0100"}
    assert len(moments) == 2 * (len(nodes) + len(edges))
    captions = [
        p.findtext(f"{MTG}Value")
        for p in graph.iter(f"{MTG}Property")
        if p.get("name") == "chokepoint.caption"
    ]
    assert captions == [node.caption for node in nodes]  # what every other chart format labels it
    assert len(set(captions)) > len(nodes) // 2


def test_no_property_is_named_like_the_caption(model):
    """The caption is declared beside the schema's properties: one of the same name would be twice."""
    assert not [label for label in model.nodes if CAPTION in model.node_properties(label)]


def test_the_projects_icons_cover_every_node_type(model):
    icons = load_icons(ICONS_FILE, model)
    assert set(icons) == set(model.nodes)
    assert {icons["Person"], icons["Organization"], icons["CryptoAddress"]} == {
        "Person",
        "Organization",
        "CryptocurrencyAddress",
    }


def write_icons(tmp_path, entities: dict[str, object]):
    path = tmp_path / FILE_NAME
    path.write_text(yaml.safe_dump({"entities": entities}), encoding="utf-8")
    return path


def project_entities() -> dict[str, object]:
    return dict(yaml.safe_load(ICONS_FILE.read_text(encoding="utf-8"))["entities"])


def test_an_unknown_node_type_is_refused_with_file_and_key(model, tmp_path):
    path = write_icons(tmp_path, {**project_entities(), "Vehicle": {"icon": "Car"}})
    with pytest.raises(InvalidModel, match=rf"^{re.escape(str(path))}: entities\.Vehicle: not a node type"):
        load_icons(path, model)


def test_a_missing_node_type_is_refused_with_file_and_key(model, tmp_path):
    entities = project_entities()
    del entities["Vessel"]
    path = write_icons(tmp_path, entities)
    with pytest.raises(InvalidModel, match=rf"^{re.escape(str(path))}: entities\.Vessel: missing"):
        load_icons(path, model)


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ({"icon": ""}, "entities.Person.icon"),
        ({"icon": "Person", "colour": "#000000"}, "entities.Person.colour"),
    ],
)
def test_a_malformed_entry_is_refused_with_file_and_key(model, tmp_path, entry, key):
    path = write_icons(tmp_path, {**project_entities(), "Person": entry})
    with pytest.raises(InvalidModel, match=rf"^{re.escape(str(path))}: {re.escape(key)}: "):
        load_icons(path, model)


def test_a_node_type_added_to_the_schema_needs_its_icon(tmp_path):
    """A copy of the schema with one more node type: exporting fails until maltego.yaml names it."""
    schema = tmp_path / "schema"
    shutil.copytree(PROJECT_ROOT / "schema", schema)
    (schema / "nodes" / "vehicle.yaml").write_text(
        "name: Vehicle\ndescription: A car or truck seen in a case, by its plate.\nidentity: [plate]\n"
        'style: {icon: "Car", colour: "#0a7b83"}\ndisplay: plate\n'
        'properties:\n  plate: {type: string, required: true, description: "Licence plate as written"}\n',
        encoding="utf-8",
    )
    extended = load_model(schema)
    nodes = [ExportNode("v1", "Vehicle", {"plate": "ABC123"})]
    with pytest.raises(InvalidModel, match=r"maltego\.yaml: entities\.Vehicle: missing"):
        write_mtgx(tmp_path / "chart.mtgx", extended, nodes, [], [])
    assert not (tmp_path / "chart.mtgx").exists()  # refused before a file is begun
    write_icons(schema, {**project_entities(), "Vehicle": {"icon": "Car"}})
    assert write_mtgx(tmp_path / "chart.mtgx", load_model(schema), nodes, [], []) == (1, 0)


def test_the_docs_tables_are_the_writers(model):
    """docs/exports.md shows the icons as schema/maltego.yaml declares them, and the scalar types as
    the writer maps them."""
    text = (PROJECT_ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    types_part, icons_part = text.split("## Entity definitions and icons")
    icons = dict(re.findall(r"^\| `(\w+)` \| `([\w/]+)` \|", icons_part, re.MULTILINE))
    assert icons == dict(load_icons(ICONS_FILE, model))
    types = dict(re.findall(r"^\| `(\w+)` \| `(\w+)` \|", types_part, re.MULTILINE))
    scalars = ("string", "integer", "float", "decimal", "boolean", "date", "datetime")
    assert types == {kind: MALTEGO_TYPES.get(kind, "string") for kind in scalars}
