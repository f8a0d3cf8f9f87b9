"""``chokepoints`` and ``interdictionPlan`` guided by chain floors give exactly the unguided answers.

Oracle: the same API, asked the same questions by the same viewers on the same graph before the
chain floors are built (the unguided projection, which the caveat oracles check against graphs of
each viewer's records alone). Seeded random graphs: organisations that one owner's records call a
precursor supplier or a distribution cell and another's do not (the value log), people, and links of
the default chain types under public and restricted markings, so every viewer sees other ends and
other ways. The floors must narrow the search (fewer neighbours read) and change nothing; a write
voids them, and the answers stay the same.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chokepoint.analysis import chain_floor
from chokepoint.analysis.fetch import Toward
from chokepoint.api.reads import GraphReads
from chokepoint.api.viewer import Viewer
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery
from chokepoint.values.shown import FLOORS
from tests.api import oracle

pytestmark = pytest.mark.neo4j

OWNERS = [("OFAC", "PUBLIC"), ("DEA", "LES"), ("FBI", "LES"), ("HSI", "LES")]
VIEWERS = [
    Viewer.of("DEA", ["DEA|LES"]),
    Viewer.of("FBI", ["FBI|LES", "HSI|LES"]),
    Viewer.of("CBP", ["CBP|LES"]),
    Viewer.of("ALL", ["DEA|LES", "FBI|LES", "HSI|LES"]),
]
KINDS = (["precursor_supplier"], ["distribution_cell"], ["company"], ["chemical_broker"])
LINKS = ("MEMBER_OF", "ACTING_FOR", "SUPPLIES", "LAUNDERS_FOR")
CHOKEPOINTS = """query ($hops: Int!) {
  chokepoints(maxHops: $hops, top: 50, samplePaths: 2) {
    totalCount connectedPairs shortestPaths uncuttableLinks subgraphNodes supernodesNotExpanded
    minimumCut { id }
    edges { node { rank role inMinimumCut pairsDisconnected pathsCut betweenness entity { id }
                   paths { nodes { id } relationships { relationship { type sourceRecordId } } } } }
  }
}"""
PLAN = """query ($hops: Int!) {
  interdictionPlan(maxHops: $hops, samplePaths: 2) {
    complete cost completeCost pairsJoined pairsDisconnected pairsLeftCount subgraphNodes
    subgraphRelationships blockedBy { id }
    steps { rank cost pairsStopped entity { id } actions { name cost } paths { nodes { id } } }
  }
}"""
WRITE = CypherQuery("chain_floor_test_write", "MATCH (n:Organization {id: 'org:0'}) SET n.note = 'x'")


def _files(seed: int, folder: Path) -> list[oracle.SourceFile]:
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    orgs = [f"org:{i}" for i in range(12)]
    people = [f"p:{i}" for i in range(16)]
    files = []
    for index, (agency, caveat) in enumerate(OWNERS * 2):
        members = rng.sample(orgs, 7) + rng.sample(people, 8)
        nodes = [
            {
                "label": "Organization" if node.startswith("org:") else "Person",
                "record": f"n{position}",
                "props": {"id": node, "name": f"N {node}"}
                | ({"kinds": rng.choice(KINDS)} if node.startswith("org:") else {}),
            }
            for position, node in enumerate(members)
        ]
        rels = []
        for position in range(14):
            start, end = rng.sample(members, 2)
            kind = "MEMBER_OF" if end.startswith("org:") and rng.random() < 0.4 else rng.choice(LINKS[1:])
            rels.append(
                {
                    "type": kind,
                    "record": f"r{position}",
                    "from": {"label": "Organization" if start.startswith("org:") else "Person", "id": start},
                    "to": {"label": "Organization" if end.startswith("org:") else "Person", "id": end},
                }
            )
        for position, (start, end) in enumerate(_tail(rng, rng.choice(orgs), index)):  # off every chain
            nodes.append(
                {"label": "Person", "record": f"t{position}", "props": {"id": start, "name": f"N {start}"}}
            )
            rels.append(
                {
                    "type": "ACTING_FOR",
                    "record": f"rt{position}",
                    "from": {"label": "Person", "id": start},
                    "to": {"label": "Organization" if end.startswith("org:") else "Person", "id": end},
                }
            )
        provenance = {
            "dataset": f"floors-{seed}-{index}",
            "agency": agency,
            "caveat": caveat,
            "synthetic": True,
        }
        path = folder / f"floors-{seed}-{index}.json"
        path.write_text(json.dumps({"provenance": provenance, "nodes": nodes, "relationships": rels}))
        files.append(oracle.SourceFile("records", path))
    return files


def _tail(rng: random.Random, org: str, index: int) -> list[tuple[str, str]]:
    """A chain of people hanging off ``org`` (a wallet's far-off payees, a courier's contacts): links
    a search must not walk, as far as their floors say so."""
    people = [f"q:{index}:{i}" for i in range(rng.randint(4, 8))]
    return list(zip(people, [org, *people[:-1]], strict=True))


@pytest.fixture
def expansions(monkeypatch) -> Iterator[list[tuple[Toward | None, set[str]]]]:
    """Every expand_projection call: its guide and the neighbours it returned."""
    calls: list[tuple[Toward | None, set[str]]] = []
    real = GraphReads.expand_projection

    async def watched(self, ids, rel_types, max_degree, toward=None):  # type: ignore[no-untyped-def]
        rows = await real(self, ids, rel_types, max_degree, toward)
        calls.append((toward, {str(n) for row in rows for n in row["neighbours"]}))
        return rows

    monkeypatch.setattr(GraphReads, "expand_projection", watched)
    yield calls


def _answers(api: Any) -> list[Any]:
    found = []
    for viewer, hops in itertools.product(VIEWERS, (3, 5)):
        for query in (CHOKEPOINTS, PLAN):
            outcome = api.run(query, viewer, hops=hops)
            found.append(outcome.errors or outcome.data)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_guided_chains_are_the_unguided_answers_for_every_viewer(
    graph: Graph, model, oracle_api, tmp_path: Path, expansions, seed
):
    oracle.build(graph, _files(seed, tmp_path), tmp_path, None)
    unguided = _answers(oracle_api)
    assert expansions and all(toward is None for toward, _ in expansions)
    read_unguided = set().union(*(met for _, met in expansions))
    planned = [a for a in unguided if isinstance(a, dict) and (a.get("interdictionPlan") or {}).get("steps")]
    assert planned, "no viewer got a plan with a step: the comparison says nothing"

    report = chain_floor.build(graph, model)
    assert report.complete and report.walks[0][0] > 0 and report.walks[1][0] > 0
    assert chain_floor.read_state(graph).holds_for(chain_floor.floor_types(model), 12)
    expansions.clear()
    guided = _answers(oracle_api)
    assert expansions and all(toward is not None for toward, _ in expansions), "the floors guided nothing"
    read_guided = set().union(*(met for _, met in expansions))
    for index, (before, after) in enumerate(zip(unguided, guided, strict=True)):
        assert after == before, (
            f"answer {index} changed when guided: {oracle.first_difference(after, before)}"
        )
    assert len(read_guided) < len(read_unguided), "the floors kept every neighbour: they narrowed nothing"

    graph.write(WRITE)
    assert not chain_floor.read_state(graph).current
    expansions.clear()
    assert _answers(oracle_api) == unguided
    assert all(toward is None for toward, _ in expansions), "floors voided by a write still guided"


def test_an_end_that_is_no_supplier_or_cell_is_searched_unguided(
    graph: Graph, model, oracle_api, tmp_path, expansions
):
    """Explicit ends may be anything: a floor is a bound only from suppliers and cells."""
    oracle.build(graph, _files(1, tmp_path), tmp_path, None)
    chain_floor.build(graph, model)
    query = """query ($sources: [ID!], $sinks: [ID!]) {
      chokepoints(sources: $sources, sinks: $sinks, maxHops: 4) { connectedPairs } }"""
    outcome = oracle_api.run(query, VIEWERS[-1], sources=["p:0", "p:1"], sinks=["p:2", "p:3"])
    assert not outcome.errors, outcome.errors
    assert expansions and all(toward is None for toward, _ in expansions)


RUN = """query ($params: JSON) {
  runInvestigation(name: "supply_and_money_chains", params: $params, first: 1000) { columns edges { node } }
}"""
CHAIN_QUESTIONS: list[dict[str, Any]] = [
    {},
    {"maxHops": 3},
    {"limit": 4},
    {"suppliers": ["org:1", "org:2", "org:3", "p:1"], "cells": ["org:4", "org:5", "org:6", "org:7"]},
]


def _chain_rows(api: Any) -> list[Any]:
    found = []
    for viewer, params in itertools.product(VIEWERS, CHAIN_QUESTIONS):
        outcome = api.run(RUN, viewer, params=params)
        assert not outcome.errors, outcome.errors
        found.append([edge["node"] for edge in outcome.data["runInvestigation"]["edges"]])
    return found


def _floor_keys(value: Any) -> set[str]:
    """The floor properties anywhere in ``value`` (drawn from every record: never to be shown)."""
    if isinstance(value, dict):
        return {k for k in value if k in FLOORS} | set().union(*map(_floor_keys, value.values()))
    if isinstance(value, list):
        return set().union(*map(_floor_keys, value))
    return set()


def _check_chain(row: dict[str, Any], types: list[str]) -> None:
    """One of the pair's shortest chains: its nodes in order, each hop a link of the chain types
    between them (the pair and the hop count are compared with the Cypher's)."""
    ids = [node["id"] for node in row["nodes"]]
    assert ids == row["ids"] and len(ids) == row["hops"] + 1
    assert (ids[0], ids[-1]) == (row["supplier"]["id"], row["cell"]["id"])
    for (a, b), link in zip(itertools.pairwise(ids), row["links"], strict=True):
        assert {link["startId"], link["endId"]} == {a, b} and link["type"] in types


@pytest.mark.parametrize("seed", [1, 2])
def test_guided_supply_and_money_chains_are_the_querys_rows_for_every_viewer(
    graph: Graph, model, oracle_api, tmp_path: Path, expansions, seed
):
    oracle.build(graph, _files(seed, tmp_path), tmp_path, None)
    by_cypher = _chain_rows(oracle_api)
    assert not expansions, "the Cypher ran no projection"
    assert sum(map(len, by_cypher)) > 20, "hardly any chains: the comparison says little"
    chain_floor.build(graph, model)
    guided = _chain_rows(oracle_api)
    assert expansions and all(toward is not None for toward, _ in expansions), "the floors guided nothing"
    types = chain_floor.floor_types(model)
    for index, (expected, rows) in enumerate(zip(by_cypher, guided, strict=True)):
        ends = [(r["supplier"]["id"], r["cell"]["id"], r["hops"]) for r in rows]
        assert ends == [(r["supplier"]["id"], r["cell"]["id"], r["hops"]) for r in expected], index
        shown = {node["id"]: node for row in expected for node in row["nodes"]}
        for row in rows:
            _check_chain(row, types)
            for node in row["nodes"]:  # as the viewer's records show it, as the Cypher did
                assert shown.get(node["id"], node) == node
    assert not _floor_keys(guided)
    graph.write(WRITE)
    expansions.clear()
    again = _chain_rows(oracle_api)  # the Cypher's, over nodes that still carry their floors
    assert again and not _floor_keys(again), "a floor is shown in a saved investigation's rows"
    assert [[(r["supplier"]["id"], r["cell"]["id"], r["hops"]) for r in rows] for rows in again] == [
        [(r["supplier"]["id"], r["cell"]["id"], r["hops"]) for r in rows] for rows in by_cypher
    ]
    assert not expansions, "floors voided by a write still guided"
