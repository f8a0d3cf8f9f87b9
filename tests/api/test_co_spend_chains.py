"""supplyChains, chokepoints and interdictionPlan step through a co-spend (two addresses spent in one
UTXO transaction: one wallet) by default, and never through a CoinJoin, a transaction ingested before
the CoinJoin flag, or one a split decision the viewer sees disregards; the same graphs as the saved
investigation's test."""

import pytest

from chokepoint.ingest.writer import GraphWriter
from tests.api.conftest import GRANTED, PUBLIC_ONLY
from tests.integration.test_investigations import CASE
from tests.integration.test_supply_chains import CO_SPENT, co_spend_route

pytestmark = pytest.mark.neo4j

CHAINS = """query ($relTypes: [String!]) {
  supplyChains(maxHops: 10, relTypes: $relTypes) {
    totalCount edges { node { nodes { id } relationships { relationship { type } } } }
  }
}"""
CUTS = """{
  chokepoints(maxHops: 10, top: 10) { connectedPairs minimumCut { id } }
  interdictionPlan(maxHops: 10) { complete pairsJoined pairsDisconnected steps { entity { id } } }
}"""


@pytest.mark.parametrize(
    ("coinjoin", "split", "stepped"),
    [(False, False, True), (True, False, False), (None, False, False), (False, True, False)],
    ids=["co-spend", "coinjoin", "unflagged", "split"],
)
def test_supply_chains_step_through_a_co_spend_only(graph, model, oracle_api, coinjoin, split, stepped):
    assert GraphWriter(graph, model, CASE).write_all(co_spend_route(coinjoin, split)).rejected == []
    outcome = oracle_api.run(CHAINS, GRANTED)
    assert outcome.errors == []
    found = outcome.data["supplyChains"]
    assert found["totalCount"] == (1 if stepped else 0)
    if stepped:
        [edge] = found["edges"]
        wallet = "CryptoAddress:bitcoin|"
        assert [n["id"] for n in edge["node"]["nodes"]] == [
            "sup",
            f"{wallet}supplier-wallet",
            f"{wallet}hot-wallet",
            f"UtxoTransaction:bitcoin|{CO_SPENT}",
            f"{wallet}deposit",
            "cell",
        ]
    # the cut and the plan walk the same chains: the pair is joined through the co-spend only
    cuts = oracle_api.run(CUTS, GRANTED)
    assert cuts.errors == []
    chokepoints, plan = cuts.data["chokepoints"], cuts.data["interdictionPlan"]
    assert chokepoints["connectedPairs"] == plan["pairsJoined"] == (1 if stepped else 0)
    if stepped:
        assert len(chokepoints["minimumCut"]) == 1  # one node's removal cuts the one chain
        assert plan["complete"] and plan["pairsDisconnected"] == 1 and plan["steps"]
        assert f"UtxoTransaction:bitcoin|{CO_SPENT}" not in {
            s["entity"]["id"] for s in plan["steps"] if s["entity"]
        }
    # the co-spend is a default link type: naming the others alone leaves it out
    named = oracle_api.run(CHAINS, GRANTED, relTypes=["CONTROLS_ADDRESS", "SENT_FUNDS_TO"])
    assert named.errors == [] and named.data["supplyChains"]["totalCount"] == 0
    # a viewer that sees none of it gets nothing
    hidden = oracle_api.run(CHAINS, PUBLIC_ONLY)
    assert hidden.errors == [] and hidden.data["supplyChains"]["totalCount"] == 0
