"""The caveat oracle for interdictionPlan (issue 19, "visible-only"): for each agency under each
sharing policy, the plan the production API gives on the full graph equals the plan a development
API gives on a graph built only from the records that agency may see: the cut, its cost, every step
and its evidence, the pairs left, budgets, what-ifs, and the error naming an end the viewer cannot
see (which must read as for an end that does not exist), a what-if taking a link only some
viewers see (an error for the others, as for a link that does not exist), and the saved
``interdiction_plan`` report (its rows and Markdown) of each question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chokepoint.api.viewer import Viewer
from chokepoint.graph import Graph
from tests.api import oracle
from tests.api.conftest import InProcessApi
from tests.api.test_caveat_oracle import AGENCIES, POLICIES

pytestmark = pytest.mark.neo4j

PLAN = """query ($sources: [ID!], $sinks: [ID!], $budget: Float, $taken: [ID!]) {
  interdictionPlan(sources: $sources, sinks: $sinks, maxHops: 6, budget: $budget, taken: $taken,
                   relTypes: ["MEMBER_OF", "ASSOCIATE_OF"], samplePaths: 2) {
    complete cost completeCost pairsJoined pairsAfterTaken pairsDisconnected pairsLeftCount
    pairsLeft { source sink } blockedBy { id } subgraphNodes subgraphRelationships
    steps { rank cost statuses pairsStopped pairsThroughCount pairsThrough { source sink }
            entity { id displayName sourceRecords caveat } actions { name cost }
            paths { nodes { id } relationships { relationship { type sourceRecordId caveat } } } }
  }
}"""
QUESTIONS: list[dict[str, Any]] = [
    {"sources": ["p:0", "p:1", "p:2"], "sinks": ["p:11", "p:12", "p:13"]},
    {"sources": ["p:3", "org:0"], "sinks": ["p:9", "org:4"]},
    {"sources": ["p:0", "p:1", "p:2"], "sinks": ["p:11", "p:12", "p:13"], "budget": 8.0},
    {"sources": ["p:4", "p:5"], "sinks": ["p:10", "org:1"], "taken": ["org:2"]},
]


def what_if(sources: list[oracle.SourceFile]) -> dict[str, Any]:
    """A question taking a link one restricted record file alone asserts (so some viewers see it and
    others do not), as ``(startId)-[TYPE]->(endId)``, between ends every viewer sees when the public
    files name enough of them (else the link's own ends)."""
    told: dict[str, list[str]] = {}
    public: set[str] = set()
    for source in sources:
        records = json.loads(Path(source.path).read_text())
        caveat = records["provenance"]["caveat"]
        if caveat == "PUBLIC":
            public |= {node["props"]["id"] for node in records["nodes"]}
        for rel in records["relationships"]:
            link = (rel["from"]["id"], rel["type"], rel["to"]["id"])
            told.setdefault(f"({link[0]})-[{link[1]}]->({link[2]})", []).append(caveat)
    taken = min(told, key=lambda link: (len(told[link]), "PUBLIC" in told[link], link))
    ends = sorted(public)
    if len(ends) < 4:
        ends = [taken[1:].partition(")-[")[0], taken.rpartition("->(")[2][:-1]]
    half = len(ends) // 2
    return {"sources": ends[:half], "sinks": ends[half:], "taken": [taken]}


REPORT = """query ($params: JSON) {
  runInvestigation(name: "interdiction_plan", params: $params) {
    parameters columns totalCount edges { node } report
  }
}"""


def answers(api: InProcessApi, viewer: Viewer, taken: dict[str, Any]) -> list[Any]:
    """Each question's data, or its error messages: both must be what the visible records give; the
    last are the what-if ``taken`` and the saved report (rows and Markdown) of each question."""
    found = []
    for variables in [*QUESTIONS, taken]:
        outcome = api.run(PLAN, viewer, **variables)
        found.append(outcome.errors or outcome.data)
    for question in QUESTIONS:
        params = {
            "suppliers": question["sources"],
            "cells": question["sinks"],
            "maxHops": 6,
            "relTypes": ["MEMBER_OF", "ASSOCIATE_OF"],
            "budget": question.get("budget"),
            "taken": question.get("taken", []),
            "samplePaths": 2,
        }
        outcome = api.run(REPORT, viewer, params=params)
        found.append(outcome.errors or outcome.data)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_plan_is_the_plan_of_the_visible_records_alone(graph: Graph, oracle_api, tmp_path: Path, seed):
    sources = oracle.random_sources(seed, tmp_path)
    taken = what_if(sources)
    oracle.build(graph, sources, tmp_path, None)
    asked = {
        (policy, agency): (viewer, answers(oracle_api, viewer, taken))
        for policy, config in POLICIES.items()
        for agency, viewer in oracle.viewers(AGENCIES, config).items()
    }
    by_held: dict[frozenset[str], list[tuple[str, str]]] = {}
    for key, (viewer, _) in asked.items():
        by_held.setdefault(oracle.held_by(viewer), []).append(key)
    found, planned, distinct = [], 0, set()
    for held, keys in by_held.items():
        oracle.build(graph, sources, tmp_path, held)
        expected = answers(oracle_api, oracle.development(graph), taken)
        distinct.add(json.dumps(expected, sort_keys=True))
        planned += sum(
            1
            for answer in expected[: len(QUESTIONS) + 1]
            if isinstance(answer, dict) and answer["interdictionPlan"]["steps"]
        )
        for key in keys:
            difference = oracle.first_difference(asked[key][1], expected)
            if difference:
                found.append(f"{key[1]} under '{key[0]}': {difference}")
    assert not found, f"{len(found)} viewers get a plan their records alone would not give; first: {found[0]}"
    assert planned, "no viewer got a plan with a step: the comparison says nothing"
    reported = [
        report["runInvestigation"]["totalCount"]
        for _, answer in asked.values()
        for report in answer[-len(QUESTIONS) :]
        if isinstance(report, dict)
    ]
    assert any(reported), "no viewer's saved report lists an action: its comparison says nothing"
    assert len(distinct) > 1, "every viewer got the same answers: the records' markings changed nothing"
    planned_what_if = {isinstance(answer[len(QUESTIONS)], dict) for _, answer in asked.values()}
    assert planned_what_if == {True, False}, "every viewer or none sees the taken link: a weak what-if"
