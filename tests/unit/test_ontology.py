from rdflib import OWL, RDF, Graph
from rdflib.compare import isomorphic

from chokepoint.cli.rdf_cmd import ONTOLOGY, render_ontology
from chokepoint.rdf.ontology import build_ontology
from chokepoint.rdf.terms import CHK


def test_committed_ontology_is_up_to_date():
    committed = Graph().parse(ONTOLOGY)
    assert isomorphic(committed, Graph().parse(data=render_ontology(), format="turtle")), (
        "docs/ontology.ttl is stale: run `bin/chokepoint rdf ontology` and commit it"
    )


def test_every_type_and_property_is_declared(model):
    graph = build_ontology(model)
    classes = set(graph.subjects(RDF.type, OWL.Class))
    assert {CHK[name] for name in model.nodes} <= classes
    assert {CHK[name] for name in model.relationships} <= set(graph.subjects(RDF.type, OWL.ObjectProperty))
    datatype = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    assert {CHK["caveat"], CHK["agency"], CHK["address"], CHK["totalAmount"]} <= datatype
