"""investigations and runInvestigation: the saved catalogue over the API, for any viewer.

The case is ``supply_case.py``. ``GRANTED`` (DEA|LES) sees every record of it, the DEA-only courier
included; ``PUBLIC_ONLY`` sees the public records only, so its chains run around the courier, through
the broker. (``test_investigation_oracle.py`` compares every investigation with a graph built from a
viewer's visible records.)
"""

import pytest

from chokepoint.investigations.catalog import load_catalog
from chokepoint.settings import PROJECT_ROOT
from tests.api.conftest import GRANTED, PUBLIC_ONLY
from tests.api.supply_case import load_case

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def supply_api(neo4j_settings, model, api_registry):
    return load_case(neo4j_settings, model, api_registry)


LIST = """query { investigations { totalCount
  edges { node { name description parameters { name type required default description } } } } }"""
RUN = """query ($name: String!, $params: JSON, $first: Int! = 100, $after: String) {
  runInvestigation(name: $name, params: $params, first: $first, after: $after) {
    name parameters columns totalCount pageInfo { hasNextPage endCursor } edges { cursor node }
  }
}"""


def test_the_catalogue_lists_every_saved_investigation_with_typed_parameters(supply_api):
    outcome = supply_api.run(LIST, PUBLIC_ONLY)
    assert outcome.errors == [] and outcome.round_trips == 0
    found = outcome.data["investigations"]
    assert found["totalCount"] == len(load_catalog(PROJECT_ROOT / "queries"))
    by_name = {e["node"]["name"]: e["node"] for e in found["edges"]}
    chains = by_name["supply_and_money_chains"]
    assert chains["description"].startswith("Shortest chains from precursor suppliers")
    assert [(p["name"], p["type"], p["default"], p["required"]) for p in chains["parameters"]] == [
        ("suppliers", "string[]", [], False),
        ("cells", "string[]", [], False),
        ("maxHops", "integer", 10, False),
        ("limit", "integer", 25, False),
    ]


def test_a_full_grant_viewer_runs_it_with_coerced_parameters(supply_api):
    outcome = supply_api.run(
        RUN, GRANTED, name="supply_and_money_chains", params={"maxHops": "6", "cells": "cell1"}, first=1
    )
    assert outcome.errors == []
    result = outcome.data["runInvestigation"]
    assert result["parameters"] == {"suppliers": [], "cells": ["cell1"], "maxHops": 6, "limit": 25}
    assert result["columns"] == ["supplier", "cell", "hops", "nodes", "ids", "links"]
    assert result["totalCount"] == 2 and result["pageInfo"]["hasNextPage"]
    [row] = [edge["node"] for edge in result["edges"]]
    assert row["ids"] == ["sup1", "courier", "cartelA", "cell1"] and row["hops"] == 3
    assert [link["props"]["caveat"] for link in row["links"]] == ["LES", "LES", "PUBLIC"]
    assert [node["id"] for node in row["nodes"]] == row["ids"] and row["supplier"]["id"] == "sup1"

    rest = supply_api.run(
        RUN,
        GRANTED,
        name="supply_and_money_chains",
        params={"cells": ["cell1"]},
        after=result["pageInfo"]["endCursor"],
    ).data["runInvestigation"]
    assert [e["node"]["ids"][0] for e in rest["edges"]] == ["sup2"] and not rest["pageInfo"]["hasNextPage"]


def test_a_viewer_without_the_courier_gets_the_chains_around_it(supply_api):
    outcome = supply_api.run(RUN, PUBLIC_ONLY, name="supply_and_money_chains", params={"cells": ["cell1"]})
    assert outcome.errors == []
    result = outcome.data["runInvestigation"]
    rows = [edge["node"] for edge in result["edges"]]
    assert [row["ids"] for row in rows] == [
        ["sup1", "CryptoAddress:bitcoin|sw1", "CryptoAddress:bitcoin|bw1", "broker", "cartelA", "cell1"],
        ["sup2", "CryptoAddress:bitcoin|sw2", "CryptoAddress:bitcoin|bw2", "broker", "cartelA", "cell1"],
    ]
    assert {link["props"]["caveat"] for row in rows for link in row["links"]} == {"PUBLIC"}
    assert "courier" not in str(outcome.data) and "DEA|LES" not in str(outcome.data)


@pytest.mark.parametrize(("reserved", "value"), [("grants", ["DEA|LES", "PUBLIC"]), ("everything", True)])
def test_a_caller_may_not_set_the_grants_or_claim_everything(supply_api, reserved, value):
    outcome = supply_api.run(RUN, PUBLIC_ONLY, name="supply_and_money_chains", params={reserved: value})
    assert outcome.data is None and len(outcome.errors) == 1
    assert f"parameter {reserved} is reserved" in outcome.errors[0]


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("no_such_investigation", None, "No saved investigation 'no_such_investigation'"),
        ("supply_and_money_chains", {"maxHop": 3}, "has no parameter 'maxHop'"),
        ("supply_and_money_chains", {"maxHops": "six"}, "parameter maxHops: expected an integer"),
        ("supply_and_money_chains", ["maxHops", 3], "params: give a JSON object"),
        ("supply_and_money_chains", {"maxHops": 2**70}, "is out of range; integers go from"),
    ],
)
def test_bad_names_and_parameters_are_clear_errors(supply_api, name, params, message):
    outcome = supply_api.run(RUN, GRANTED, name=name, params=params)
    assert outcome.data is None and len(outcome.errors) == 1 and message in outcome.errors[0], outcome.errors


def test_an_investigation_without_rows_still_names_its_columns(supply_api):
    outcome = supply_api.run(RUN, GRANTED, name="supply_and_money_chains", params={"cells": ["no-such-cell"]})
    assert outcome.errors == []
    result = outcome.data["runInvestigation"]
    assert result["totalCount"] == 0 and result["edges"] == []
    assert result["columns"] == ["supplier", "cell", "hops", "nodes", "ids", "links"]


@pytest.mark.parametrize(
    ("module", "name", "query"),
    [
        ("investigations", "wallet_clusters", '{ runInvestigation(name: "wallet_clusters") { totalCount } }'),
        ("interdiction", "interdictionPlan", "{ interdictionPlan { pairsJoined } }"),
    ],
)
def test_an_answer_of_many_reads_stops_at_the_investigation_timeout_however_fast_each_read(
    neo4j_settings, api_registry, monkeypatch, module, name, query
):
    """Each read is bounded by the read timeouts; a computed investigation's, or the plan's, whole run
    by the investigation timeout too: a use case that reads on and on (each read quick) is stopped,
    coded."""
    import asyncio

    from chokepoint import composition
    from chokepoint.api import interdiction, investigations
    from chokepoint.api.context import request_context
    from chokepoint.api.schema import build_schema
    from chokepoint.api.security.masking import error_code
    from chokepoint.graph.async_adapter import AsyncGraph, ReadPolicy

    reads_made = []

    async def reads_forever(ctx, *_):
        while True:
            await ctx.reads.cluster_seeds(["bitcoin"], 10)
            reads_made.append(name)

    if module == "investigations":
        monkeypatch.setattr(investigations, "computed_reports", lambda: {"wallet_clusters": reads_forever})
    else:
        monkeypatch.setattr(interdiction, "plan_of", reads_forever)

    async def ask():
        user, password = composition.credentials(neo4j_settings)
        policy = ReadPolicy(long_timeout_s=3.0)
        graph = await AsyncGraph.connect(
            neo4j_settings.bolt_uri, user, password, neo4j_settings.neo4j_database, policy
        )
        try:
            context = request_context(graph, api_registry, GRANTED)
            try:
                return await build_schema(api_registry).execute(query, context_value=context)
            finally:
                await context.close()
        finally:
            await graph.close()

    result = asyncio.run(ask())
    [error] = result.errors
    assert f"{name}: it ran longer than the investigation timeout (3 s)" in error.message
    assert error_code(error) == "TIMEOUT"
    assert len(reads_made) > 3  # many reads, none of them slow, were made before the budget ran out
