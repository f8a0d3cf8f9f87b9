"""Export a subgraph as Turtle, N-Triples or JSON-LD, and import such a file back (a restore).

Nodes become ``<id/…> a chk:<Label>`` with one typed literal per property (lists as ordered rdf:List);
each relationship becomes its triple plus a reified ``chk:Relationship`` carrying its properties.
Turtle and N-Triples are written in batches, so large subgraphs do not sit whole in memory; JSON-LD
is one document and is built whole.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from chokepoint.errors import InvalidInput, InvalidRecord
from chokepoint.exports.subgraph import ExportEdge, ExportNode, Subgraph
from chokepoint.graph import Graph as Neo4jGraph
from chokepoint.graph.source_files import files_named, stored_form
from chokepoint.graph.statements import restore_nodes, restore_relationships
from chokepoint.markings import stored_record_markings
from chokepoint.rdf.terms import CHK, literal, node_id_of, node_iri, relationship_iri
from chokepoint.schema import DomainModel
from chokepoint.schema.validation import validate_properties

BATCH = 2000


class RdfFormat(StrEnum):
    turtle = "turtle"
    ntriples = "nt"
    jsonld = "json-ld"


def export_rdf(subgraph: Subgraph, model: DomainModel, fmt: RdfFormat, path: Path) -> tuple[int, int]:
    counts = [0, 0]

    def batches() -> Iterator[Graph]:
        for index, items in enumerate((subgraph.nodes(), subgraph.edges())):
            iterator = iter(items)
            while chunk := list(islice(iterator, BATCH)):
                counts[index] += len(chunk)
                yield _triples(model, chunk)

    if fmt is RdfFormat.jsonld:
        whole = _new_graph()
        for part in batches():
            whole += part
        whole.serialize(destination=str(path), format="json-ld")
    else:
        with path.open("wb") as out:
            for part in batches():
                out.write(part.serialize(format=fmt.value, encoding="utf-8"))
    return counts[0], counts[1]


def _new_graph() -> Graph:
    graph = Graph()
    graph.bind("chk", CHK)
    return graph


def _triples(model: DomainModel, items: list[Any]) -> Graph:
    graph = _new_graph()
    for item in items:
        if isinstance(item, ExportNode):
            subject = node_iri(item.id)
            graph.add((subject, RDF.type, CHK[item.label]))
            _properties(graph, subject, model.node_properties(item.label), item.props)
        else:
            _relationship(graph, model, item)
    return graph


def _relationship(graph: Graph, model: DomainModel, edge: ExportEdge) -> None:
    source, target = node_iri(edge.source), node_iri(edge.target)
    graph.add((source, CHK[edge.type], target))
    identity = tuple(edge.props.get(key) for key in model.relationship(edge.type).identity)
    statement = relationship_iri(edge.type, edge.source, edge.target, identity)
    graph.add((statement, RDF.type, CHK.Relationship))
    graph.add((statement, RDF.subject, source))
    graph.add((statement, RDF.predicate, CHK[edge.type]))
    graph.add((statement, RDF.object, target))
    _properties(graph, statement, model.relationship_properties(edge.type), edge.props)


def _properties(graph: Graph, subject: URIRef, specs: dict[str, Any], props: dict[str, Any]) -> None:
    for name, value in props.items():
        spec = specs.get(name)
        if spec is None or value is None:
            continue
        if isinstance(value, list):
            head = BNode()
            Collection(graph, head, [literal(spec, item) for item in value])
            graph.add((subject, CHK[name], head))
        else:
            graph.add((subject, CHK[name], literal(spec, value)))


def import_rdf(
    graph: Neo4jGraph, model: DomainModel, path: Path, fmt: RdfFormat | None = None
) -> tuple[int, int]:
    """Restore nodes and relationships from an RDF file; returns (nodes, relationships) written."""
    parsed = Graph()
    try:
        with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed.parse(str(path), format=(fmt.value if fmt else None))
    except Exception as exc:  # rdflib raises many parser-specific errors
        raise InvalidInput(f"{path}: not readable as RDF ({type(exc).__name__}: {exc})") from exc
    nodes: dict[str, list[dict[str, Any]]] = {}
    for subject, kind in parsed.subject_objects(RDF.type):
        label = str(kind).removeprefix(str(CHK))
        if label in model.nodes and isinstance(subject, URIRef):
            props = _read_properties(parsed, subject, model.node_properties(label), f"{label} {subject}")
            nodes.setdefault(label, []).append({"props": props})
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    labels = {row["props"]["id"]: label for label, rows in nodes.items() for row in rows}
    for statement in parsed.subjects(RDF.type, CHK.Relationship):
        rel_type = str(parsed.value(statement, RDF.predicate)).removeprefix(str(CHK))
        source = node_id_of(parsed.value(statement, RDF.subject))  # type: ignore[arg-type]
        target = node_id_of(parsed.value(statement, RDF.object))  # type: ignore[arg-type]
        if rel_type not in model.relationships or source not in labels or target not in labels:
            raise InvalidRecord(f"{path}: relationship {statement} has an unknown type or endpoint")
        props = _read_properties(
            parsed, statement, model.relationship_properties(rel_type), f"{rel_type} {statement}"
        )
        rels.setdefault((rel_type, labels[source], labels[target]), []).append(
            {"source": source, "target": target, "props": props}
        )
    restored = [*(r for rows in nodes.values() for r in rows), *(r for rows in rels.values() for r in rows)]
    for sha256 in files_named(row["props"] for row in restored).values():
        graph.record_source_file(sha256)
    for row in restored:
        row["props"] = stored_form(stored_record_markings(row["props"]))
    for label, rows in nodes.items():
        graph.write(restore_nodes(model, label), rows=rows)
    for signature, rows in rels.items():
        graph.write(restore_relationships(model, *signature), rows=rows)
    return sum(map(len, nodes.values())), sum(map(len, rels.values()))


def _read_properties(parsed: Graph, subject: Node, specs: dict[str, Any], what: str) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for predicate, value in parsed.predicate_objects(subject):
        name = str(predicate).removeprefix(str(CHK))
        if name not in specs:
            continue
        if isinstance(value, BNode):
            raw[name] = [_python(item) for item in Collection(parsed, value)]
        else:
            raw[name] = _python(value)
    return validate_properties(what, specs, raw)


def _python(term: Node) -> Any:
    return term.toPython() if isinstance(term, Literal) else str(term)
