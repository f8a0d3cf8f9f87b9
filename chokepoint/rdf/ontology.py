"""The OWL/RDFS ontology of the schema: classes, datatype and object properties."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.term import Node

from chokepoint.rdf.terms import CHK, XSD_TYPES
from chokepoint.schema import DomainModel
from chokepoint.schema.specs import ANY_NODE


def build_ontology(model: DomainModel) -> Graph:
    graph = Graph()
    graph.bind("chk", CHK)
    graph.bind("owl", OWL)
    ontology = CHK[""]
    graph.add((ontology, RDF.type, OWL.Ontology))
    graph.add((ontology, RDFS.label, Literal("Chokepoint fentanyl supply and money chain ontology")))
    base = CHK[model.base_label]
    graph.add((base, RDF.type, OWL.Class))
    graph.add((CHK.Relationship, RDF.type, OWL.Class))
    graph.add((CHK.Relationship, RDFS.subClassOf, RDF.Statement))
    graph.add((CHK.Relationship, RDFS.comment, Literal("A relationship with its properties and provenance")))
    for name, spec in model.nodes.items():
        graph.add((CHK[name], RDF.type, OWL.Class))
        graph.add((CHK[name], RDFS.subClassOf, base))
        graph.add((CHK[name], RDFS.label, Literal(name)))
        graph.add((CHK[name], RDFS.comment, Literal(spec.description)))
    properties = {}
    for label in model.nodes:
        properties.update(model.node_properties(label))
    for rel_type in model.relationships:
        properties.update(model.relationship_properties(rel_type))
    for name, prop in properties.items():
        graph.add((CHK[name], RDF.type, OWL.DatatypeProperty))
        graph.add((CHK[name], RDFS.comment, Literal(prop.description)))
        if prop.type.endswith("[]"):
            graph.add((CHK[name], RDFS.range, RDF.List))  # an ordered rdf:List of typed literals
        else:
            graph.add((CHK[name], RDFS.range, XSD_TYPES[prop.type]))
    for rel_type, rel in model.relationships.items():
        graph.add((CHK[rel_type], RDF.type, OWL.ObjectProperty))
        graph.add((CHK[rel_type], RDFS.comment, Literal(rel.description)))
        graph.add((CHK[rel_type], RDFS.domain, _classes(graph, model, rel.source)))
        graph.add((CHK[rel_type], RDFS.range, _classes(graph, model, rel.target)))
    return graph


def ontology_turtle(model: DomainModel) -> str:
    """The ontology as committed in ``docs/ontology.ttl``."""
    return str(build_ontology(model).serialize(format="turtle"))


def _classes(graph: Graph, model: DomainModel, labels: tuple[str, ...]) -> Node:
    if ANY_NODE in labels:
        return CHK[model.base_label]
    if len(labels) == 1:
        return CHK[labels[0]]
    union = BNode()
    members = BNode()
    graph.add((union, RDF.type, OWL.Class))
    graph.add((union, OWL.unionOf, members))
    Collection(graph, members, [CHK[label] for label in labels])
    return union
