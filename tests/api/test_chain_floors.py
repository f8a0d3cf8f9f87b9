"""Chain floors change no answer: a guided projection keeps every supplier -> cell walk the unguided
one does, and ``supply_and_money_chains`` guided gives the query's rows.

Oracles: the unguided projection (what ``chokepoints`` and ``interdictionPlan`` read, which the caveat
oracles check against graphs of each viewer's records alone), and the saved query itself, asked by
the same viewers on the same graph. Seeded random graphs: organisations that one owner's records call a
precursor supplier or a distribution cell and another's do not (the value log), people, and links of
the default chain types under public and restricted markings, so every viewer sees other ends and
other ways, and chains of people hanging off them that no short chain uses. The floors must narrow
the search (fewer neighbours read) and change nothing; a write voids them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chokepoint import composition
from chokepoint.analysis import chain_floor
from chokepoint.analysis.fetch import Toward, fetch_projection
from chokepoint.api.chains import chain_types
from chokepoint.api.context import request_context
from chokepoint.api.reads import GraphReads
from chokepoint.api.viewer import Viewer
from chokepoint.graph import Graph
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import CypherQuery
from chokepoint.interdiction.service import _subgraph as _subgraph_of
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
ENDS = CypherQuery(
    "chain_floor_test_ends",
    "MATCH (o:Organization) WITH o, coalesce(o.kinds, []) + coalesce(o.valueStatements, []) AS said "
    "RETURN [x IN collect(CASE WHEN any(k IN said WHERE k ENDS WITH 'precursor_supplier') THEN o.id END) "
    "WHERE x IS NOT NULL] AS suppliers, [x IN collect(CASE WHEN any(k IN said WHERE k ENDS WITH "
    "'distribution_cell') THEN o.id END) WHERE x IS NOT NULL] AS cells",
)
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


def _subgraph(settings: Any, registry: Any, viewer: Viewer, hops: int, by_floors: bool) -> Any:
    """The nodes and links on the viewer's supplier -> cell walks of at most ``hops`` (what
    chokepoints and plans analyse), from a projection guided by the floors or not."""

    async def fetch() -> Any:
        user, password = composition.credentials(settings)
        graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
        try:
            context = request_context(graph, registry, viewer)
            try:
                reads = context.reads
                starts, ends = await reads.supply_ends([], [])
                types = chain_types(registry.model, None)
                found = await fetch_projection(reads, starts, ends, hops, types, 1000, by_floors=by_floors)
            finally:
                await context.close()
        finally:
            await graph.close()
        kept = _subgraph_of(found.nodes, found.links, starts, ends, hops)
        return sorted(kept.nodes), sorted(tuple(sorted(edge)) for edge in kept.edges)

    return asyncio.run(fetch())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_guided_projection_keeps_every_walk_of_the_unguided_one_for_every_viewer(
    graph: Graph, model, neo4j_settings, api_registry, tmp_path: Path, expansions, seed
):
    oracle.build(graph, _files(seed, tmp_path), tmp_path, None)
    chain_floor.build(graph, model)
    cases = list(itertools.product(VIEWERS, (2, 3, 5)))
    unguided = [_subgraph(neo4j_settings, api_registry, viewer, hops, False) for viewer, hops in cases]
    assert expansions and all(toward is None for toward, _ in expansions)
    read_unguided = set().union(*(met for _, met in expansions))
    assert sum(len(nodes) for nodes, _ in unguided) > 50, "hardly any walks: the comparison says little"
    expansions.clear()
    guided = [_subgraph(neo4j_settings, api_registry, viewer, hops, True) for viewer, hops in cases]
    assert expansions and all(toward is not None for toward, _ in expansions), "the floors guided nothing"
    read_guided = set().union(*(met for _, met in expansions))
    for (viewer, hops), before, after in zip(cases, unguided, guided, strict=True):
        assert after == before, f"{viewer.agency}, {hops} hops: the guided projection lost or added walks"
    assert len(read_guided) < len(read_unguided), "the floors kept every neighbour: they narrowed nothing"

    graph.write(WRITE)
    assert not chain_floor.read_state(graph).current
    expansions.clear()
    assert _subgraph(neo4j_settings, api_registry, VIEWERS[-1], 5, True) == unguided[-1]
    assert all(toward is None for toward, _ in expansions), "floors voided by a write still guided"


def _guides(settings: Any, registry: Any, sources: list[str], sinks: list[str]) -> bool:
    """Whether the chain floors may guide a search between these ends, as the API's reads say."""

    async def ask() -> bool:
        user, password = composition.credentials(settings)
        graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
        try:
            context = request_context(graph, registry, VIEWERS[-1])
            try:
                types = chain_types(registry.model, None)
                return await context.reads.chain_floors_hold(sources, sinks, types, 5)
            finally:
                await context.close()
        finally:
            await graph.close()

    return asyncio.run(ask())


def test_only_suppliers_and_cells_are_ends_the_floors_guide(
    graph: Graph, model, neo4j_settings, api_registry, tmp_path
):
    """Explicit ends may be anything: a floor is a bound only from suppliers and cells."""
    oracle.build(graph, _files(1, tmp_path), tmp_path, None)
    chain_floor.build(graph, model)
    suppliers, cells = oracle_ends(graph)
    assert suppliers and cells and _guides(neo4j_settings, api_registry, suppliers, cells)
    assert not _guides(neo4j_settings, api_registry, [*suppliers, "p:0"], cells)
    assert not _guides(neo4j_settings, api_registry, suppliers, [*cells, "p:1"])


def oracle_ends(graph: Graph) -> tuple[list[str], list[str]]:
    """The organisations some record calls a supplier, and a cell (floor 0 of each side)."""
    rows = graph.read(ENDS)[0]
    return list(rows["suppliers"]), list(rows["cells"])


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
