"""interdictionPlan on the hand-made supply network (``supply_case.py``): one broker every public chain
runs through, and a DEA/LES courier that offers sup1 a route around it.

The public plan is the broker alone; DEA's must also cut the courier's route; a viewer without DEA's
grant gets the plan a graph of the public records alone gives (the same answer, field for field).
"""

from __future__ import annotations

from collections import deque

import pytest

from chokepoint import composition
from chokepoint.api.schema import build_schema
from chokepoint.graph.queries import load_query
from chokepoint.ingest.writer import GraphWriter
from tests.api.conftest import GRANTED, PUBLIC_ONLY, InProcessApi
from tests.api.supply_case import CELLS, PUBLIC, SUPPLIERS, load_case, public_records, wallet

pytestmark = pytest.mark.neo4j

PLAN = """query ($sources: [ID!], $sinks: [ID!], $budget: Float, $taken: [ID!], $samples: Int! = 2) {
  interdictionPlan(sources: $sources, sinks: $sinks, maxHops: 10, budget: $budget, taken: $taken,
                   samplePaths: $samples) {
    complete cost completeCost budget pairsJoined pairsAfterTaken pairsDisconnected pairsLeftCount
    pairsLeft { source sink }
    moneyFlowing { asset amount } moneyStopped { asset amount }
    blockedBy { id } directLinks { source sink } subgraphNodes subgraphRelationships
    steps {
      rank cost statuses pairsStopped pairsThroughCount pairsThrough { source sink }
      entity { id displayName caveat sourceRecords }
      link { ends { id } relationships { type startId endId sourceRecordId } }
      actions { name title cost agencies } alternatives { name cost }
      paths { length nodes { id } relationships { direction relationship { type caveat } } }
    }
  }
}"""


@pytest.fixture(scope="module")
def supply_api(neo4j_settings, model, api_registry):
    return load_case(neo4j_settings, model, api_registry)


def plan(api, viewer, **variables):
    outcome = api.run(PLAN, viewer, **variables)
    assert outcome.errors == [], outcome.errors
    return outcome.data["interdictionPlan"]


def targets(found):
    return [
        step["entity"]["id"] if step["entity"] else tuple(end["id"] for end in step["link"]["ends"])
        for step in found["steps"]
    ]


def test_the_public_plan_cuts_the_broker_every_chain_runs_through(supply_api):
    found = plan(supply_api, PUBLIC_ONLY)
    assert found["complete"] and found["pairsJoined"] == 4 and found["pairsLeftCount"] == 0
    assert targets(found) == ["broker"]
    (step,) = found["steps"]
    assert step["actions"] == [
        {
            "name": "business_action",
            "title": "Designation or FinCEN action against the money business",
            "cost": 8.0,
            "agencies": ["OFAC", "FinCEN"],
        }
    ]
    assert found["cost"] == found["completeCost"] == 8.0
    assert step["pairsStopped"] == 4 and step["pairsThroughCount"] == 4
    assert all("broker" in [n["id"] for n in path["nodes"]] for path in step["paths"]) and step["paths"]
    assert found["moneyFlowing"] == [{"asset": "USDT", "amount": 300000.0}]
    assert found["moneyStopped"] == [{"asset": "USDT", "amount": 300000.0}]


def test_dea_must_also_cut_the_couriers_route(supply_api):
    found = plan(supply_api, GRANTED)
    assert found["complete"] and found["pairsLeftCount"] == 0
    assert found["cost"] == 16.0
    chosen = targets(found)
    assert "broker" in chosen and len(chosen) == 2
    # the second cut is the courier or the cartel A → cell 1 deliveries: each costs 8
    assert set(chosen) - {"broker"} <= {"courier", ("cartelA", "cell1")}


def test_a_public_viewer_gets_the_plan_of_the_public_records_alone(
    supply_api, neo4j_settings, model, api_registry
):
    """The oracle on this case: the full graph asked by a viewer without DEA's grant equals a graph of
    the public records asked by the development viewer, for a complete cut, budgets and a what-if."""
    questions = [{}, {"budget": 0.0}, {"budget": 8.0}, {"taken": ["broker"]}, {"sources": ["sup1"]}]
    full = [plan(supply_api, PUBLIC_ONLY, **q) for q in questions]
    with composition.connect(neo4j_settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        assert GraphWriter(graph, model, PUBLIC).write_all(public_records()).rejected == []
    try:
        alone = InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)
        assert [plan(alone, GRANTED, **q) for q in questions] == full
    finally:
        load_case(neo4j_settings, model, api_registry)


def test_a_budget_buys_what_it_can_and_what_if_removes_what_was_taken(supply_api):
    nothing = plan(supply_api, PUBLIC_ONLY, budget=0.0)
    assert nothing["steps"] == [] and nothing["cost"] == 0.0 and nothing["pairsLeftCount"] == 4
    assert nothing["moneyStopped"] == [{"asset": "USDT", "amount": 0.0}]
    assert not nothing["complete"] and nothing["completeCost"] == 8.0
    enough = plan(supply_api, PUBLIC_ONLY, budget=8.0)
    assert targets(enough) == ["broker"] and enough["complete"]
    taken = plan(supply_api, PUBLIC_ONLY, taken=["broker"])
    assert taken["pairsJoined"] == 4 and taken["pairsAfterTaken"] == 0
    assert taken["steps"] == [] and taken["complete"] and taken["moneyFlowing"] == []


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"sources": ["nope"]}, "sources: no entity nope"),
        ({"sinks": ["cell1", "gone"]}, "sinks: no entity gone"),
        ({"taken": ["courier"]}, "taken: no entity courier"),  # hidden: reported as absent is
        ({"taken": ["(courier)-[ACTING_FOR]->(sup1)"]}, "taken: no link (courier)-[ACTING_FOR]->(sup1)"),
        ({"taken": ["(cartelA)-[SUPPLIES]->(cell2)"]}, "taken: no link (cartelA)-[SUPPLIES]->(cell2)"),
        ({"taken": ["(cell1)-[SUPPLIES]->(cartelA)"]}, "taken: no link (cell1)-[SUPPLIES]->(cartelA)"),
        ({"sources": ["sup1"], "sinks": ["sup1"]}, "sources and sinks: sup1 named as both"),
        ({"budget": -1.0}, "budget: -1.0 is not a cost"),
        ({"samples": 11}, "samplePaths: 11 is out of range"),
    ],
)
def test_bad_arguments_are_clear_errors_naming_the_argument(supply_api, variables, message):
    outcome = supply_api.run(PLAN, PUBLIC_ONLY, **variables)
    assert outcome.data is None and len(outcome.errors) == 1 and message in outcome.errors[0]


def public_joined(removed: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Plain BFS over the public records' links: the (supplier, cell) pairs joined (any length, the
    case's chains are short) avoiding the ``removed`` links, as sorted pairs of ids."""
    ids = {"CryptoAddress": lambda keys: wallet(keys["address"])}
    adjacency: dict[str, set[str]] = {}
    for record in public_records():
        if not hasattr(record, "source"):
            continue
        a, b = (
            ids.get(ref.label, lambda keys: keys["id"])(ref.identity)
            for ref in (record.source, record.target)
        )
        if tuple(sorted((a, b))) not in removed:
            adjacency.setdefault(a, set()).add(b)
            adjacency.setdefault(b, set()).add(a)
    found = set()
    for supplier in SUPPLIERS:
        seen, queue = {supplier}, deque([supplier])
        while queue:
            for nxt in adjacency.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        found |= {(supplier, cell) for cell in CELLS if cell in seen}
    return found


@pytest.mark.parametrize(
    ("link", "ends", "money"),
    [
        ("(cartelA)-[SUPPLIES]->(cell1)", ("cartelA", "cell1"), 300000.0),
        (f"({wallet('bw1')})-[SENT_FUNDS_TO]->({wallet('sw1')})", (wallet("bw1"), wallet("sw1")), 200000.0),
        ("(bystander)-[OWNED_OR_CONTROLLED_BY]->(cartelB)", ("bystander", "cartelB"), 300000.0),
    ],
)
def test_a_taken_link_disconnects_exactly_the_pairs_it_alone_joined(supply_api, link, ends, money):
    found = plan(supply_api, PUBLIC_ONLY, taken=[link], samples=0)
    left = public_joined({tuple(sorted(ends))})
    assert found["pairsJoined"] == len(public_joined(set())) == 4
    assert found["pairsAfterTaken"] == len(left)
    assert found["complete"] and found["pairsDisconnected"] == len(left)
    assert 0 < found["cost"] <= 8.0  # the broker still cuts what is left
    assert found["moneyFlowing"] == [{"asset": "USDT", "amount": money}]  # a taken payment stops


def test_dea_taking_the_couriers_route_leaves_the_broker_alone_to_cut(supply_api):
    found = plan(supply_api, GRANTED, taken=["(courier)-[ACTING_FOR]->(cartelA)"], samples=0)
    assert found["pairsJoined"] == 4 and found["pairsAfterTaken"] == 4
    assert targets(found) == ["broker"] and found["cost"] == 8.0 and found["complete"]
