"""Every link-chart format, read back with an independent reader: counts and provenance attributes."""

import csv
import hashlib
import json
import math
import re
import subprocess
import zipfile
from dataclasses import replace
from datetime import date, datetime
from threading import Event

import networkx as nx
import pytest
from defusedxml import ElementTree as ET

from chokepoint.exports.layout import COLUMN_GAP, holds_a_chain
from chokepoint.exports.mtgx import property_types
from chokepoint.exports.service import ExportFormat, LayoutChoice, export
from chokepoint.exports.subgraph import ExportCancelled, ExportShapes, edge_id, select
from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.writer import GraphWriter
from chokepoint.markings import RECORD_MARKINGS, SHARED_MARKING
from chokepoint.rdf.exchange import RdfFormat, export_rdf
from chokepoint.settings import PROJECT_ROOT
from tests.integration.test_investigations import CASE, case_records
from tests.unit.test_mtgx_types import MALTEGO_DATETIME, check_as_maltego_writes
from tests.xml_schemas import problems

pytestmark = pytest.mark.neo4j
CASE_FILE = hashlib.sha256(b"the case file").hexdigest()
SEEDS = ["p1", "shared"]
GEXF = "{http://gexf.net/1.3}"
MTG = "{http://maltego.paterva.com/xml/mtgx}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GRAPHML_XSD = "graphml/graphml.xsd"  # GraphML 1.1, as published (tests/fixtures/schemas/README.md)
NMTOKEN = re.compile(r"[-.:A-Za-z0-9_]+")  # xs:NMTOKEN, its ASCII part (token() writes no other)


@pytest.fixture(scope="module")
def chart(module_graph, model):
    case = replace(CASE, file_sha256=CASE_FILE)  # elements store the file's key, exports show its hash
    assert GraphWriter(module_graph, model, case).write_all(case_records()).rejected == []
    subgraph = select(module_graph, SEEDS, hops=2, shapes=ExportShapes.of(model))
    edges = module_graph.read(
        CypherQuery(
            "t", "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids AND b.id IN $ids RETURN count(r) AS n"
        ),
        ids=list(subgraph.ids),
    )[0]["n"]
    return subgraph, model, len(subgraph.ids), edges


def test_subgraph_grows_with_hops(module_graph, chart):
    _, _, nodes, edges = chart
    assert len(select(module_graph, SEEDS, hops=0).ids) == 2
    assert len(select(module_graph, SEEDS, hops=1).ids) < nodes
    assert nodes > 10 and edges > 10


def test_graphml_reads_back_with_networkx(chart, tmp_path):
    subgraph, model, nodes, edges = chart
    path = tmp_path / "chart.graphml"
    assert export(subgraph, model, ExportFormat.graphml, path) == (nodes, edges)
    read = nx.read_graphml(path)
    assert (read.number_of_nodes(), read.number_of_edges()) == (nodes, edges)
    assert read.nodes["p1"]["label"] == "MEMBER ONE" and read.nodes["p1"]["caveat"] == "LES"
    assert read.nodes["p1"]["type"] == "Person"  # Gephi labels nodes by "label": the name, not the type
    assert len({(d["x"], d["y"]) for _, d in read.nodes(data=True)}) == nodes  # laid out (Gephi reads x, y)
    assert read.nodes["p1"]["color"] == model.style("Person").colour  # the schema's, through the service
    assert {d["caveat"] for _, _, d in read.edges(data=True)} == {"LES"}
    assert {d["agency"] for _, _, d in read.edges(data=True)} == {"DEA"}
    # GraphML 1.1's XSD types node and edge ids and edge ends as xs:NMTOKEN; the graph's own id is data
    document = ET.parse(path).getroot()
    ids = [n.get("id") or "" for n in document.iter(f"{GRAPHML}node")]
    ids += [e.get(k) or "" for e in document.iter(f"{GRAPHML}edge") for k in ("id", "source", "target")]
    assert ids and all(NMTOKEN.fullmatch(i) for i in ids), [i for i in ids if not NMTOKEN.fullmatch(i)][:3]
    assert sorted(data["id"] for _, data in read.nodes(data=True)) == sorted(subgraph.ids)
    assert any("|" in i for i in subgraph.ids)  # the case has ids that are no NMTOKEN as they are


def test_graphml_is_valid_against_the_published_schema(chart, tmp_path):
    subgraph, model, _, _ = chart
    path = tmp_path / "chart.graphml"
    export(subgraph, model, ExportFormat.graphml, path)
    document = path.read_bytes()
    assert problems(GRAPHML_XSD, document) == []
    # the check bites: a node id with a blank (no xs:NMTOKEN), an edge without its target
    for broken in (
        document.replace(b'<node id="p1">', b'<node id="p 1">', 1),
        re.sub(rb'(<edge id="[^"]*" source="[^"]*") target="[^"]*"', rb"\1", document, count=1),
    ):
        assert broken != document and problems(GRAPHML_XSD, broken)


def test_gexf_is_well_formed_with_declared_attributes(chart, tmp_path):
    subgraph, model, nodes, edges = chart
    path = tmp_path / "chart.gexf"
    export(subgraph, model, ExportFormat.gexf, path)
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.3"
    declared = {(cls.get("class"), a.get("id")) for cls in root.iter(f"{GEXF}attributes") for a in cls}
    node_elements = list(root.iter(f"{GEXF}node"))
    edge_elements = list(root.iter(f"{GEXF}edge"))
    assert (len(node_elements), len(edge_elements)) == (nodes, edges)
    for element, scope in [(n, "node") for n in node_elements] + [(e, "edge") for e in edge_elements]:
        values = {v.get("for"): v.get("value") for v in element.iter(f"{GEXF}attvalue")}
        assert all((scope, key) in declared for key in values)
        assert values["caveat"] == "LES"
    ids = {n.get("id") for n in node_elements}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edge_elements)
    # a dynamic graph: each element starts when it happened (Gephi's timeline), never after it was loaded
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "dateTime")
    # laid out: every node placed, in more than one column (nothing piled at the origin)
    positions = [n.find("{http://gexf.net/1.3/viz}position") for n in node_elements]
    assert all(p is not None for p in positions)
    assert len({(p.get("x"), p.get("y")) for p in positions}) == len(positions)
    assert len({p.get("x") for p in positions}) > 2
    starts = [element.get("start") for element in node_elements + edge_elements]
    assert all(start and len(start) == 19 and start[10] == "T" for start in starts)
    # styled as each type declares, and list-valued properties as GEXF 1.3 lists, not JSON text
    sizes = {n.find(f"{GEXF}attvalues/{GEXF}attvalue[@for='type']").get("value"): n for n in node_elements}
    assert all(
        float(n.find("{http://gexf.net/1.3/viz}size").get("value")) == model.style(label).size
        for label, n in sizes.items()
    )
    types = {a.get("id"): a.get("type") for a in root.iter(f"{GEXF}attribute")}
    assert types["aliases"] == types["sourceRecords"] == "liststring"
    p1 = next(n for n in node_elements if n.get("id") == "p1")
    records = {v.get("for"): v.get("value") for v in p1.iter(f"{GEXF}attvalue")}["sourceRecords"]
    assert records.startswith("[") and records.endswith("]") and not records.startswith('["')


def test_cytoscape_json(chart, tmp_path):
    subgraph, model, nodes, edges = chart
    path = tmp_path / "chart.json"
    export(subgraph, model, ExportFormat.cytoscape, path)
    elements = json.loads(path.read_text())["elements"]
    assert (len(elements["nodes"]), len(elements["edges"])) == (nodes, edges)
    assert all(n["data"]["color"] == model.style(n["data"]["type"]).colour for n in elements["nodes"])
    assert all(
        e["data"]["caveat"] == "LES" and e["data"]["sourceDataset"] == "test-case"
        for e in elements["nodes"] + elements["edges"]
    )
    positions = {(n["position"]["x"], n["position"]["y"]) for n in elements["nodes"]}
    assert len(positions) == nodes  # each node placed where no other is (cytoscape.js's preset layout)


def test_csv_nodes_and_edges(chart, tmp_path):
    subgraph, model, nodes, edges = chart
    export(subgraph, model, ExportFormat.csv, tmp_path / "csv")
    node_rows = list(
        csv.DictReader((tmp_path / "csv" / "nodes.csv").read_text(encoding="utf-8").splitlines())
    )
    edge_rows = list(
        csv.DictReader((tmp_path / "csv" / "edges.csv").read_text(encoding="utf-8").splitlines())
    )
    assert (len(node_rows), len(edge_rows)) == (nodes, edges)
    assert {r["caveat"] for r in node_rows + edge_rows} == {"LES"}
    assert {"Id", "Label", "type"} <= set(node_rows[0]) and {"Source", "Target", "Type", "Label"} <= set(
        edge_rows[0]
    )


def test_anx_entities_links_and_attributes(chart, tmp_path):
    subgraph, model, nodes, edges = chart
    path = tmp_path / "chart.anx"
    export(subgraph, model, ExportFormat.anx, path)
    root = ET.parse(path).getroot()
    items = root.find("ChartItemCollection")
    entities = [i for i in items if i.find("End/Entity") is not None]
    links = [i for i in items if i.find("Link") is not None]
    assert (len(entities), len(links)) == (nodes, edges)
    classes = {c.get("Name") for c in root.iter("AttributeClass")}
    types = {t.get("Name") for t in root.iter("EntityType")}
    for item in entities + links:
        attributes = {a.get("AttributeClass"): a.get("Value") for a in item.iter("Attribute")}
        assert attributes["caveat"] == "LES" and set(attributes) <= classes
    assert all(e.find("End/Entity/Icon/IconStyle").get("Type") in types for e in entities)
    assert len({(e.get("XPosition"), e.find("End").get("Y")) for e in entities}) == len(entities)
    shown = {c.get("Name") for c in root.iter("AttributeClass") if c.get("ShowValue") == "true"}
    assert shown == {"agency", "caveat"}  # the rest is data, not drawn on the chart
    link_types = {t.get("Name") for t in root.iter("LinkType")}
    assert all(i.find("Link/LinkStyle").get("Type") in link_types for i in links) and links
    assert [child.tag for child in root][:3] == [
        "AttributeClassCollection",
        "LinkTypeCollection",
        "EntityTypeCollection",
    ]
    entity_ids = {e.find("End/Entity").get("EntityId") for e in entities}
    assert all({i.find("Link").get("End1Id"), i.find("Link").get("End2Id")} <= entity_ids for i in links)


def test_mtgx_zip_with_graph_and_entity_definitions(chart, tmp_path):
    subgraph, model, nodes, edges = chart
    path = tmp_path / "chart.mtgx"
    export(subgraph, model, ExportFormat.mtgx, path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        graph = ET.fromstring(archive.read("Graphs/Graph1.graphml"))
    entity_types = {e.get("type") for e in graph.iter(f"{MTG}MaltegoEntity")}
    assert {f"Entities/{t}.entity" for t in entity_types} <= names
    assert (len(list(graph.iter(f"{GRAPHML}node"))), len(list(graph.iter(f"{GRAPHML}edge")))) == (
        nodes,
        edges,
    )
    ends = [e.get(k) for e in graph.iter(f"{GRAPHML}edge") for k in ("id", "source", "target")]
    node_ids = [n.get("id") for n in graph.iter(f"{GRAPHML}node")]
    assert all(NMTOKEN.fullmatch(i or "") for i in [*node_ids, *ends])  # GraphML's id type, as above
    caveats = [
        p.findtext(f"{MTG}Value")
        for p in graph.iter(f"{MTG}Property")
        if p.get("name") == "chokepoint.caveat"
    ]
    assert len(caveats) == nodes + edges and set(caveats) == {"LES"}
    # typed as the schema types them; every node placed by the layout in Maltego's renderer element
    types = property_types(model)
    parse = {"double": float, "boolean": {"true": True, "false": False}.__getitem__}
    parse |= {
        "date": date.fromisoformat,
        "datetime": lambda v: datetime.strptime(v, "%Y-%m-%d %H:%M:%S.%f %z"),
    }
    typed = [p for p in graph.iter(f"{MTG}Property") if p.get("name").startswith("chokepoint.")]
    for prop in typed:
        kind = types.get(prop.get("name").removeprefix("chokepoint."), "string")
        assert prop.get("type") == kind and parse.get(kind, str)(prop.findtext(f"{MTG}Value")) is not None
    assert {p.get("type") for p in typed} > {"string"}  # not everything as text
    positions = [(p.get("x"), p.get("y")) for p in graph.iter(f"{MTG}Position")]
    assert len(positions) == len(set(positions)) == nodes and len({x for x, _ in positions}) > 2


def test_mtgx_is_written_as_maltego_writes_a_graph(chart, tmp_path):
    """Maltego's property types only, an icon on each entity type's definition, Maltego's renderer
    keys and elements, date-times as Maltego writes them (``tests/unit/test_mtgx_types.py`` lists each
    check), on a chart exported from the database."""
    subgraph, model, nodes, edges = chart
    path = tmp_path / "chart.mtgx"
    export(subgraph, model, ExportFormat.mtgx, path)
    with zipfile.ZipFile(path) as archive:
        graph = check_as_maltego_writes(archive)
    moments = [p.findtext(f"{MTG}Value") for p in graph.iter(f"{MTG}Property") if p.get("type") == "datetime"]
    assert len(moments) >= nodes + edges  # every element's ingestedAt at least
    assert all(MALTEGO_DATETIME.fullmatch(moment) for moment in moments)
    renderers = [e.find(f"{GRAPHML}data[@key='d3']/{MTG}LinkRenderer") for e in graph.iter(f"{GRAPHML}edge")]
    assert len(renderers) == edges and None not in renderers


def test_exported_properties_are_the_stored_ones(chart, module_graph, model):
    """Pages return values in the schema's property order: every stored property comes back under its
    own name (dates and date-times as ISO text), and no absent one is invented."""
    subgraph, _, nodes, edges = chart
    stored_nodes = {
        row["id"]: row["props"]
        for row in module_graph.read(
            CypherQuery(
                "t_nodes",
                "MATCH (n:Entity) WHERE n.id IN $ids "
                "RETURN n.id AS id, [k IN keys(n) | [k, toStringOrNull(n[k]), n[k]]] AS props",
            ),
            ids=list(subgraph.ids),
        )
    }
    exported_nodes = {node.id: node.props for node in subgraph.nodes()}
    assert len(exported_nodes) == nodes
    for node_id, props in exported_nodes.items():
        assert set(props) == _as_exported({key for key, _, _ in stored_nodes[node_id]})
        for key, as_text, value in stored_nodes[node_id]:
            if key == SHARED_MARKING:  # exported as the list of each record's marking
                assert props[RECORD_MARKINGS] == [value] * len(props["sourceRecords"])
                continue
            if key == "sourceFile":  # exported as the file's hash
                assert props["sourceFileSha256"] == CASE_FILE
                continue
            assert props[key] in (value, as_text), (node_id, key)
    exported_edges = list(subgraph.edges())
    assert len(exported_edges) == edges
    stored_edges = module_graph.read(
        CypherQuery(
            "t_edges",
            "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids AND b.id IN $ids "
            "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS values, "
            "[k IN keys(r) | [k, toStringOrNull(r[k]), r[k]]] AS props",
        ),
        ids=list(subgraph.ids),
    )
    by_id = {edge.id: edge.props for edge in exported_edges}
    assert len(by_id) == len(exported_edges)  # the deterministic ids tell every relationship apart
    identities = ExportShapes.of(model).identities
    for row in stored_edges:
        identity = tuple(row["values"].get(key) for key in identities[row["type"]])
        row["id"] = edge_id(row["type"], row["source"], row["target"], identity)
        assert set(by_id[row["id"]]) == _as_exported({key for key, _, _ in row["props"]})
        for key, as_text, value in row["props"]:
            if key == SHARED_MARKING:  # exported as the list of each record's marking
                assert by_id[row["id"]][RECORD_MARKINGS] == [value] * len(by_id[row["id"]]["sourceRecords"])
                continue
            if key == "sourceFile":  # exported as the file's hash
                assert by_id[row["id"]]["sourceFileSha256"] == CASE_FILE
                continue
            assert by_id[row["id"]][key] in (value, as_text), (row["id"], key)


def _as_exported(stored: set[str]) -> set[str]:
    """Stored property names as an export names them: one shared record marking becomes the list,
    and a file's key its hash."""
    names = stored - {SHARED_MARKING} | ({RECORD_MARKINGS} if SHARED_MARKING in stored else set())
    return names - {"sourceFile"} | ({"sourceFileSha256"} if "sourceFile" in stored else set())


@pytest.mark.parametrize("fmt", [*ExportFormat, *RdfFormat])
def test_a_stopped_export_ends_at_its_next_element(chart, tmp_path, fmt):
    """What GET /export does when its client hangs up: the writer stops instead of finishing."""
    subgraph, model, _, _ = chart
    stop = Event()
    stop.set()
    stopped = replace(subgraph, stop=stop)
    with pytest.raises(ExportCancelled):
        if isinstance(fmt, RdfFormat):
            export_rdf(stopped, model, fmt, tmp_path / f"stopped.{fmt.value}")
        else:
            export(stopped, model, fmt, tmp_path / f"stopped.{fmt.value}")


@pytest.mark.parametrize("fmt", [ExportFormat.cytoscape, ExportFormat.gexf])
def test_each_layout_places_the_chart_as_it_says(chart, tmp_path, fmt):
    """layered: every node on a column of the chain; force: linked nodes drawn nearer each other than
    nodes in general; auto: layered for a chart that holds a supplier and a cell, else force."""
    subgraph, model, nodes, _ = chart

    def placed(choice):
        path = tmp_path / f"{choice.value}.{fmt.value}"
        export(subgraph, model, fmt, path, choice)
        if fmt is ExportFormat.cytoscape:
            elements = json.loads(path.read_text())["elements"]
            where = {n["data"]["id"]: (n["position"]["x"], n["position"]["y"]) for n in elements["nodes"]}
            return where, [(e["data"]["source"], e["data"]["target"]) for e in elements["edges"]]
        root = ET.parse(path).getroot()
        viz = "{http://gexf.net/1.3/viz}position"
        where = {
            n.get("id"): (float(n.find(viz).get("x")), float(n.find(viz).get("y")))
            for n in root.iter(f"{GEXF}node")
        }
        return where, [(e.get("source"), e.get("target")) for e in root.iter(f"{GEXF}edge")]

    layered, links = placed(LayoutChoice.layered)
    force, _ = placed(LayoutChoice.force)
    assert len(layered) == len(force) == nodes
    assert all(x % COLUMN_GAP == 0 for x, _ in layered.values())
    assert not all(x % COLUMN_GAP == 0 for x, _ in force.values())

    def mean(pairs):
        return sum(math.dist(force[a], force[b]) for a, b in pairs) / len(pairs)

    ids = sorted(force)
    assert mean([(a, b) for a, b in links if a != b]) < mean([(a, b) for a in ids for b in ids if a < b])
    chain = holds_a_chain(list(subgraph.nodes()))
    assert placed(LayoutChoice.auto)[0] == (layered if chain else force)


def test_cytoscape_json_loads_in_cytoscape_js(chart, tmp_path):
    """The export opened by cytoscape.js itself (headless, in node; tests/js, installed by bin/test):
    every node and edge, no edge whose end is missing, no warning, the style sheet read, and each
    node where the export placed it."""
    subgraph, model, nodes, edges = chart
    reader = PROJECT_ROOT / "tests" / "js"
    assert (reader / "node_modules" / "cytoscape").is_dir(), "cytoscape.js is missing: run bin/test (npm ci)"
    path = tmp_path / "chart.json"
    export(subgraph, model, ExportFormat.cytoscape, path)
    loaded = json.loads(
        subprocess.run(
            ["node", str(reader / "load_cytoscape.mjs"), str(path)],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    assert (loaded["nodes"], loaded["edges"], loaded["dangling"], loaded["warnings"]) == (nodes, edges, 0, [])
    assert loaded["styled"] > 0
    exported = {n["data"]["id"]: n["position"] for n in json.loads(path.read_text())["elements"]["nodes"]}
    assert loaded["positions"] == exported
