"""supplyChains and chokepoints on a hand-made network whose broker every public chain runs through.

The case is in ``supply_case.py``: a DEA/LES courier offers sup1 a route around the broker. A viewer
without DEA|LES must get the public answer, with no trace of the courier; a DEA viewer gets another.
"""

import json

import pytest

from tests.api.conftest import GRANTED, PUBLIC_ONLY
from tests.api.supply_case import RESTRICTED_IDS, load_case, wallet

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def supply_api(neo4j_settings, model, api_registry):
    return load_case(neo4j_settings, model, api_registry)


CHAINS = """query ($suppliers: [ID!], $cells: [ID!], $maxHops: Int! = 10, $first: Int! = 10, $after: String) {
  supplyChains(suppliers: $suppliers, cells: $cells, maxHops: $maxHops, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { length nodes { id caveat }
      relationships { direction relationship { type caveat sourceDataset sourceRecordId } } } }
  }
}"""

CHOKEPOINTS = """query ($sources: [ID!], $sinks: [ID!], $top: Int! = 10, $samples: Int! = 2) {
  chokepoints(sources: $sources, sinks: $sinks, maxHops: 10, top: $top, samplePaths: $samples) {
    totalCount connectedPairs shortestPaths uncuttableLinks subgraphNodes supernodesNotExpanded
    minimumCut { id }
    pageInfo { hasNextPage }
    edges { node {
      rank role inMinimumCut pairsDisconnected pathsCut betweenness
      entity { id displayName caveat }
      paths { length nodes { id caveat } relationships { direction relationship { type caveat } } }
    } }
  }
}"""


def chains(api, viewer, **variables):
    outcome = api.run(CHAINS, viewer, **variables)
    assert outcome.errors == []
    return outcome.data["supplyChains"]


def chokepoints(api, viewer, **variables):
    outcome = api.run(CHOKEPOINTS, viewer, **variables)
    assert outcome.errors == []
    return outcome.data["chokepoints"], outcome.round_trips


def test_public_chains_run_through_the_broker_with_their_evidence(supply_api):
    found = chains(supply_api, PUBLIC_ONLY)
    assert found["totalCount"] == 4 and not found["pageInfo"]["hasNextPage"]
    first = found["edges"][0]["node"]
    assert [n["id"] for n in first["nodes"]] == [
        "sup1",
        wallet("sw1"),
        wallet("bw1"),
        "broker",
        "cartelA",
        "cell1",
    ]
    hops = [(h["relationship"]["type"], h["direction"]) for h in first["relationships"]]
    assert hops == [
        ("CONTROLS_ADDRESS", "OUTGOING"),
        ("SENT_FUNDS_TO", "INCOMING"),
        ("CONTROLS_ADDRESS", "INCOMING"),
        ("LAUNDERS_FOR", "OUTGOING"),
        ("SUPPLIES", "OUTGOING"),
    ]
    assert {h["relationship"]["sourceDataset"] for h in first["relationships"]} == {"supply-test-public"}
    assert all(
        e["node"]["length"] == 5 and "broker" in [n["id"] for n in e["node"]["nodes"]] for e in found["edges"]
    )


def test_a_dea_viewer_sees_the_shorter_restricted_chain_first(supply_api):
    found = chains(supply_api, GRANTED)
    assert found["totalCount"] == 4
    first = found["edges"][0]["node"]
    assert [n["id"] for n in first["nodes"]] == ["sup1", "courier", "cartelA", "cell1"]
    assert [n["caveat"] for n in first["nodes"]] == ["PUBLIC", "LES", "PUBLIC", "PUBLIC"]


def test_chains_page_filter_and_hop_bound(supply_api):
    page = chains(supply_api, PUBLIC_ONLY, first=3)
    assert len(page["edges"]) == 3 and page["pageInfo"]["hasNextPage"]
    rest = chains(supply_api, PUBLIC_ONLY, first=3, after=page["pageInfo"]["endCursor"])
    assert len(rest["edges"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    starts_ends = {
        (e["node"]["nodes"][0]["id"], e["node"]["nodes"][-1]["id"]) for e in page["edges"] + rest["edges"]
    }
    assert starts_ends == {("sup1", "cell1"), ("sup1", "cell2"), ("sup2", "cell1"), ("sup2", "cell2")}

    only = chains(supply_api, PUBLIC_ONLY, suppliers=["sup2"], cells=["cell2"])
    assert only["totalCount"] == 1 and only["edges"][0]["node"]["nodes"][-1]["id"] == "cell2"
    assert chains(supply_api, PUBLIC_ONLY, maxHops=4)["totalCount"] == 0
    assert chains(supply_api, GRANTED, maxHops=4)["totalCount"] == 1


def test_the_broker_is_the_chokepoint_of_the_public_network(supply_api):
    found, round_trips = chokepoints(supply_api, PUBLIC_ONLY)
    assert found["minimumCut"] == [{"id": "broker"}]
    assert (found["connectedPairs"], found["shortestPaths"], found["uncuttableLinks"]) == (4, 4, 0)
    assert found["totalCount"] == 7  # the broker, its two wallets, the suppliers' two wallets, two cartels
    top = found["edges"][0]["node"]
    assert top["entity"]["id"] == "broker" and top["rank"] == 1
    assert top["role"] == "Organization: money_service_business, crypto_broker"
    assert (top["inMinimumCut"], top["pairsDisconnected"], top["pathsCut"], top["betweenness"]) == (
        True,
        4,
        4,
        4.0,
    )
    assert len(top["paths"]) == 2
    for path in top["paths"]:
        ids = [n["id"] for n in path["nodes"]]
        assert ids[0] in ("sup1", "sup2") and ids[-1] in ("cell1", "cell2") and "broker" in ids
        assert path["length"] == len(path["relationships"]) == 5
    others = [e["node"] for e in found["edges"][1:]]
    assert all(o["pairsDisconnected"] == 2 and not o["inMinimumCut"] for o in others)
    assert others[0]["entity"]["id"] == wallet("bw1")  # ties broken by id
    assert "bystander" not in json.dumps(found)  # hangs off a cartel: cuts nothing
    # default ends (1) + at most one query per hop level (10) + entities (1) + sample hops (1)
    assert round_trips <= 13


def test_restricted_records_never_shape_a_public_answer(supply_api):
    public, _ = chokepoints(supply_api, PUBLIC_ONLY, top=100, samples=10)
    text = json.dumps(public)
    assert not any(hidden in text for hidden in RESTRICTED_IDS)
    assert '"LES"' not in text

    dea, _ = chokepoints(supply_api, GRANTED, top=100, samples=10)
    broker = dea["edges"][0]["node"]
    assert broker["entity"]["id"] == "broker"
    assert broker["pairsDisconnected"] == 3  # sup1 reaches cell1 round the broker, through the courier
    assert len(dea["minimumCut"]) == 2 and dea["connectedPairs"] == 4
    by_id = {e["node"]["entity"]["id"]: e["node"] for e in dea["edges"]}
    assert by_id["courier"]["pathsCut"] == 2 and by_id["courier"]["pairsDisconnected"] == 0
    assert wallet("sw1") in by_id and by_id[wallet("sw1")]["pairsDisconnected"] == 0


def test_explicit_sources_and_sinks_and_paging(supply_api):
    found, _ = chokepoints(supply_api, PUBLIC_ONLY, sources=["sup2"], sinks=["cell2"], top=2, samples=1)
    assert found["connectedPairs"] == 1 and found["totalCount"] == 4  # sw2, bw2, broker, cartelB
    assert len(found["edges"]) == 2 and found["pageInfo"]["hasNextPage"]
    assert len(found["minimumCut"]) == 1
    path = found["edges"][0]["node"]["paths"][0]
    assert [n["id"] for n in path["nodes"]] == [
        "sup2",
        wallet("sw2"),
        wallet("bw2"),
        "broker",
        "cartelB",
        "cell2",
    ]
    none, _ = chokepoints(supply_api, PUBLIC_ONLY, sources=["sup1"], sinks=["nowhere"])
    assert (none["totalCount"], none["connectedPairs"], none["minimumCut"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("maxHops: 13", "maxHops: 13 is out of range"),
        ("top: 101", "top: 101 is out of range"),
        ("samplePaths: 11", "samplePaths: 11 is out of range"),
        ('relTypes: ["NOT_A_TYPE"]', "unknown relationship types 'NOT_A_TYPE'"),
        ('sources: [""]', "sources: '' is not a valid id"),
    ],
)
def test_bad_chokepoint_arguments_are_clear_errors(supply_api, arguments, message):
    outcome = supply_api.run(f"query {{ chokepoints({arguments}) {{ totalCount }} }}", PUBLIC_ONLY)
    assert outcome.data is None and len(outcome.errors) == 1 and message in outcome.errors[0]
