"""Queries keep the plans they were written for: a shortest-path search stays one.

A predicate the planner cannot check inside the search (``WHERE length(path) <= $maxHops`` right
after ``shortestPath``) makes Neo4j add an exhaustive fallback: a ``VarLengthExpand`` over every
path up to the pattern's bound, per start node. On a busy wallet that held a core for minutes.
``EXPLAIN`` shows it before anything runs.
"""

import re

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.investigations.catalog import Parameter, load_catalog
from chokepoint.settings import PROJECT_ROOT

pytestmark = pytest.mark.neo4j
CATALOG = load_catalog(PROJECT_ROOT / "queries")
SHORTEST = re.compile(r"\b(?:all)?shortestPath\s*\(", re.IGNORECASE)
SEARCHING = sorted(name for name, item in CATALOG.items() if SHORTEST.search(item.cypher))
SAMPLES = {"string": "x", "integer": 3, "float": 1.0, "boolean": True, "string[]": ["x"], "integer[]": [1]}


def _value(parameter: Parameter) -> object:
    return parameter.default if parameter.default is not None else SAMPLES[parameter.type]


def test_the_saved_shortest_path_investigations_are_found():
    assert {"address_sanctions_exposure", "seized_addresses_near_sanctions"} <= set(SEARCHING)


@pytest.mark.parametrize("name", SEARCHING)
def test_a_shortest_path_search_has_no_exhaustive_fallback(graph, name):
    investigation = CATALOG[name]
    params = {p.name: _value(p) for p in investigation.parameters}
    operators = graph.plan_operators(CypherQuery(name, investigation.cypher), grants=["PUBLIC"], **params)
    searches = len(SHORTEST.findall(investigation.cypher))
    assert sum(op.startswith("ShortestPath") for op in operators) == searches, operators
    assert not [op for op in operators if op.startswith("VarLengthExpand")], operators


def test_the_check_sees_a_fallback(graph):
    """The control: the shape the exposure query had before fails the check above."""
    text = (
        "MATCH (a:CryptoAddress {address: $address}), (b:Person) "
        "MATCH path = shortestPath((a)-[:SENT_FUNDS_TO|CONTROLS_ADDRESS*..8]-(b)) "
        "WHERE length(path) <= $maxHops RETURN path"
    )
    operators = graph.plan_operators(CypherQuery("fallback", text), address="x", maxHops=6)
    assert any(op.startswith("VarLengthExpand") for op in operators), operators


# peel_chains grows each chain a hop at a time and drops it as soon as a hop breaks it (the inner
# address's fan-out, the largest outflow): a quantified path pattern with those checks inside the
# step (``Repeat``). Walking every 2..8-hop path first and filtering afterwards (a ``VarLengthExpand``)
# took 30 s on the bench graph.
PEEL_SHAPE_BEFORE = (
    "MATCH path = (start:CryptoAddress)-[:SENT_FUNDS_TO*2..8]->(finish:CryptoAddress) "
    "WHERE length(path) >= $minHops AND all(n IN nodes(path)[1..-1] "
    "WHERE COUNT { MATCH (n)-[:SENT_FUNDS_TO]->() } <= $maxFanOut) RETURN path LIMIT $limit"
)


def _pruned_while_walking(operators: list[str]) -> bool:
    return any(op.startswith("Repeat") for op in operators) and not any(
        op.startswith("VarLengthExpand") for op in operators
    )


def test_peel_chains_are_pruned_while_they_grow(graph):
    investigation = CATALOG["peel_chains"]
    params = {p.name: _value(p) for p in investigation.parameters}
    operators = graph.plan_operators(
        CypherQuery("peel_chains", investigation.cypher), grants=["PUBLIC"], **params
    )
    assert _pruned_while_walking(operators), operators


def test_the_peel_check_sees_an_enumeration(graph):
    """The control: the shape peel_chains had before fails the check above."""
    operators = graph.plan_operators(
        CypherQuery("peel_before", PEEL_SHAPE_BEFORE), minHops=4, maxFanOut=2, limit=25
    )
    assert not _pruned_while_walking(operators), operators
