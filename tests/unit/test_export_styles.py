"""The colours declared in ``schema/nodes/*.yaml`` (``style.colour``) reach every link-chart export
that can carry one, for the schema's own types and for a type added to a copy of the schema with no
Python change: GEXF ``viz:color``, GraphML ``color`` and Gephi's ``r``/``g``/``b``, Cytoscape.js style
rules and node data, ANX ``IconShadingColour``. (MTGX carries none: Maltego draws an entity type by
its icon.) Expected values are read from the loaded model, never written here."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from functools import partial

import pytest
from defusedxml import ElementTree as ET

from chokepoint.exports.anx import write_anx
from chokepoint.exports.attributes import edge_attributes, node_attributes
from chokepoint.exports.cytoscape import write_cytoscape
from chokepoint.exports.gexf import write_gexf
from chokepoint.exports.graphml import write_graphml
from chokepoint.exports.styles import colorref, node_styles, rgb
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.schema import DomainModel, load_model
from chokepoint.settings import PROJECT_ROOT

NEW_TYPE = """name: Vehicle
description: A car or truck seen in a case, by its plate.
identity: [plate]
style: {icon: "Car", colour: "#0a7b83"}
display: plate
properties:
  plate: {type: string, required: true, description: "Licence plate as written"}
"""
GEXF, VIZ = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> DomainModel:
    """The project's schema plus one node type declared in YAML only."""
    schema = tmp_path_factory.mktemp("styles") / "schema"
    shutil.copytree(PROJECT_ROOT / "schema", schema)
    (schema / "nodes" / "vehicle.yaml").write_text(NEW_TYPE, encoding="utf-8")
    return load_model(schema)


def one_of_each(model: DomainModel) -> tuple[list[ExportNode], list[ExportEdge]]:
    nodes = [ExportNode(f"n{i}", label, {"name": label}) for i, label in enumerate(sorted(model.nodes))]
    return nodes, [ExportEdge("e0", "ASSOCIATE_OF", "n0", "n1", {})]


def expected(model: DomainModel) -> dict[str, str]:
    colours = {label: spec.style.colour for label, spec in model.nodes.items() if spec.style}
    assert colours and set(colours) == set(model.nodes)
    return colours


def xml_export(writer: Callable[..., tuple[int, int]], model: DomainModel) -> ET.Element:
    out = io.BytesIO()
    nodes, edges = one_of_each(model)
    writer(out, nodes, edges, node_attributes(model), edge_attributes(model), node_styles(model))
    return ET.fromstring(out.getvalue())


def by_label(model: DomainModel) -> dict[str, str]:
    return {node.id: node.label for node in one_of_each(model)[0]}


def test_the_new_type_is_in_the_extended_model(extended):
    assert (
        extended.style("Vehicle") is not None and "Vehicle" not in load_model(PROJECT_ROOT / "schema").nodes
    )


@pytest.mark.parametrize("which", ["project", "extended"])
def test_gexf_colours_each_node_with_its_types_colour(which, model, extended):
    chosen = model if which == "project" else extended
    root = xml_export(write_gexf, chosen)
    labels = by_label(chosen)
    found = {}
    for node in root.iter(f"{GEXF}node"):
        colour = node.find(f"{VIZ}color")
        found[labels[node.get("id")]] = (int(colour.get("r")), int(colour.get("g")), int(colour.get("b")))
    assert found == {label: rgb(colour) for label, colour in expected(chosen).items()}


@pytest.mark.parametrize("which", ["project", "extended"])
def test_gexf_sizes_each_node_as_its_type_declares(which, model, extended):
    chosen = model if which == "project" else extended
    labels = by_label(chosen)
    found = {
        labels[node.get("id")]: float(node.find(f"{VIZ}size").get("value"))
        for node in xml_export(write_gexf, chosen).iter(f"{GEXF}node")
    }
    assert found == {label: spec.style.size for label, spec in chosen.nodes.items() if spec.style}
    assert len(set(found.values())) > 1  # the types are told apart by size, not all drawn alike


@pytest.mark.parametrize("which", ["project", "extended"])
def test_graphml_carries_the_colour_as_hex_and_as_gephis_rgb_keys(which, model, extended):
    chosen = model if which == "project" else extended
    root = xml_export(write_graphml, chosen)
    keys = {key.get("id"): key.get("attr.name") for key in root.iter(f"{GRAPHML}key")}
    assert len(keys) == len(list(root.iter(f"{GRAPHML}key")))  # key ids are unique
    labels = by_label(chosen)
    found = {}
    for node in root.iter(f"{GRAPHML}node"):
        data = {keys[d.get("key")]: d.text for d in node.iter(f"{GRAPHML}data")}
        found[labels[node.get("id")]] = data["color"]
        assert (int(data["r"]), int(data["g"]), int(data["b"])) == rgb(data["color"])
    assert found == expected(chosen)


@pytest.mark.parametrize("which", ["project", "extended"])
def test_cytoscape_style_rules_and_node_data_carry_the_colour(which, model, extended):
    chosen = model if which == "project" else extended
    out = io.BytesIO()
    nodes, edges = one_of_each(chosen)
    assert write_cytoscape(out, nodes, edges, node_styles(chosen)) == (len(nodes), 1)
    document = json.loads(out.getvalue())
    rules = {
        rule["selector"]: rule["style"]["background-color"]
        for rule in document["style"]
        if "background-color" in rule["style"]
    }
    assert rules == {f'node[type = "{label}"]': colour for label, colour in expected(chosen).items()}
    data = {node["data"]["type"]: node["data"]["color"] for node in document["elements"]["nodes"]}
    assert data == expected(chosen)


@pytest.mark.parametrize("which", ["project", "extended"])
def test_anx_shades_each_icon_with_its_types_colour(which, model, extended):
    chosen = model if which == "project" else extended
    root = xml_export(partial(write_anx, link_types=sorted(chosen.relationships)), chosen)
    declared = {t.get("Name"): t.get("IconFile") for t in root.iter("EntityType")}
    assert declared == {label: spec.style.icon for label, spec in chosen.nodes.items() if spec.style}
    shading = {s.get("Type"): int(s.get("IconShadingColour")) for s in root.iter("IconStyle")}
    assert shading == {label: colorref(colour) for label, colour in expected(chosen).items()}


def test_colour_conversions():
    assert rgb("#0a7b83") == (0x0A, 0x7B, 0x83)
    assert colorref("#ff0000") == 0x0000FF and colorref("#0000ff") == 0xFF0000  # COLORREF is BGR
    assert colorref("#0a7b83") == 0x837B0A


def test_no_property_is_named_like_a_key_the_chart_writers_add(model):
    """The writers add these beside the schema's properties (GraphML key ids, Cytoscape data keys), so
    a property of the same name would be declared twice or overwritten."""
    node_keys, edge_keys = (
        {"label", "type", "color", "r", "g", "b", "x", "y"},
        {"id", "label", "type", "source", "target"},  # Linkurious CSV edge files: id, source, target
    )
    clashes = [
        f"{label}.{name}"
        for label in model.nodes
        for name in model.node_properties(label)
        if name in node_keys
    ]
    clashes += [
        f"{kind}.{name}"
        for kind in model.relationships
        for name in model.relationship_properties(kind)
        if name in edge_keys
    ]
    assert clashes == []


def test_a_type_without_a_style_is_left_uncoloured(model):
    out = io.BytesIO()
    write_gexf(out, [ExportNode("n0", "Person", {})], [], node_attributes(model), [], {})
    assert ET.fromstring(out.getvalue()).find(f"{GEXF}nodes/{GEXF}node/{VIZ}color") is None
