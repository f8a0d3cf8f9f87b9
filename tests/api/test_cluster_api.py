"""``address { cluster }`` and the split decisions on the real Neo4j: the hand-checked real mainnet
co-spend, a CoinJoin that must not merge, a split that undoes a membership for whoever sees it, and
coded errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import base58
import pytest

from chokepoint.api.schema import build_schema
from chokepoint.api.viewer import Viewer
from chokepoint.clustering import splits
from chokepoint.errors import InvalidInput, NotFound
from tests.api.conftest import InProcessApi
from tests.integration.conftest import load
from tests.unit.test_btc_transactions import COSPEND, FIXTURES

pytestmark = pytest.mark.neo4j

DEA = Viewer.of("DEA", ["DEA|LES"])
FBI = Viewer.of("FBI", ["FBI|LES"])
CBP = Viewer.of("CBP", ["CBP|LES"])  # sees none of these records
# The inputs of 3bbb2f59… (block 613546), read off tests/fixtures/btc/esplora-mainnet.json by hand:
# vin[0] spends 0.01133333 BTC of 1Ezq…, vin[1] 0.5239325 BTC of 1BhC…; its outputs pay 1EMG…, 12Jm…
# and an OP_RETURN. So 1Ezq… and 1BhC… are one wallet, 1BhC… (the lesser) its representative.
SPENDER_A = "1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB"
SPENDER_B = "1BhCBs46WpMkG9vYxyma9eiT5BMPJrbEiK"
PAYEE = "1EMGRwrmJ5EN95H5aXkjr9fG3HjnPAuM2A"
CLUSTER = """size representative truncated asset totalReceived totalSent firstActivity lastActivity
  members(first: 10) { totalCount edges { node { id } } }
  evidence { address rule joinedByTxid joinedToward
    evidence { txid block records { record marking agency } } }
  skipped { txid reasons }
  sanctionedOrAttributed { sanctioned address { id } controlledBy { id } }"""


def load_mainnet(graph: Any, tmp_path: Path, agency: str) -> None:
    """The real mainnet transactions of the fixture, as an agency's LES records (dataset AGENCY-btc)."""
    dataset = f"{agency.lower()}-btc"
    mainnet = FIXTURES / "esplora-mainnet.json"
    load(graph, "btc-transactions", mainnet, tmp_path, dataset=dataset, agency=agency, caveat="LES")


def cluster(api: InProcessApi, viewer: Viewer, address: str, **arguments: Any) -> dict[str, Any] | None:
    args = ", ".join(f"{k}: {json.dumps(v)}" for k, v in arguments.items())
    field = f"cluster({args})" if args else "cluster"
    outcome = api.run(
        f'{{ address(chain: "bitcoin", address: "{address}") {{ {field} {{ {CLUSTER} }} }} }}', viewer
    )
    assert not outcome.errors, outcome.errors
    assert outcome.data is not None
    found = outcome.data["address"]
    return None if found is None else found["cluster"]


@pytest.fixture
def cluster_api(graph, neo4j_settings, api_registry) -> InProcessApi:
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def test_the_real_co_spend_is_one_cluster_with_its_evidence(graph, cluster_api, tmp_path):
    load_mainnet(graph, tmp_path, "DEA")
    found = cluster(cluster_api, DEA, SPENDER_A)
    assert found is not None
    assert (found["size"], found["representative"], found["truncated"], found["asset"]) == (
        2,
        SPENDER_B,
        False,
        "BTC",
    )
    assert [e["node"]["id"] for e in found["members"]["edges"]] == [
        f"CryptoAddress:bitcoin|{SPENDER_B}",
        f"CryptoAddress:bitcoin|{SPENDER_A}",
    ]
    record = {"record": f"dea-btc:bitcoin:{COSPEND}", "marking": "DEA|LES", "agency": "DEA"}
    evidence = [{"txid": COSPEND, "block": 613546, "records": [record]}]
    assert found["evidence"] == [
        {
            "address": SPENDER_B,
            "rule": "co_spend",
            "joinedByTxid": None,
            "joinedToward": None,
            "evidence": evidence,
        },
        {
            "address": SPENDER_A,
            "rule": "co_spend",
            "joinedByTxid": COSPEND,
            "joinedToward": SPENDER_B,
            "evidence": evidence,
        },
    ]
    assert (found["totalSent"], found["totalReceived"]) == ("0.53526583", "0")
    assert found["firstActivity"] == found["lastActivity"] == "2020-01-19T12:47:01+00:00"
    assert found["skipped"] == [] and found["sanctionedOrAttributed"] == []
    payee = cluster(cluster_api, DEA, PAYEE)
    assert payee is not None
    assert (payee["size"], payee["totalReceived"], payee["evidence"]) == (1, "0.01132333", [])
    assert cluster(cluster_api, CBP, SPENDER_A) is None  # a viewer who may not see the address
    walked = cluster(cluster_api, DEA, SPENDER_A, maxMembers=1)
    assert walked is not None and (walked["size"], walked["truncated"]) == (1, True)


def path_nodes(api: InProcessApi, viewer: Viewer, source: str, target: str) -> list[list[str]]:
    """``paths`` between two nodes, as node id lists."""
    query = (
        "query ($s: ID!, $t: ID!) { paths(from: $s, to: $t, maxHops: 8) { edges { node { nodes { id } } } } }"
    )
    outcome = api.run(query, viewer, s=source, t=target)
    assert not outcome.errors, outcome.errors
    assert outcome.data is not None
    return [[n["id"] for n in edge["node"]["nodes"]] for edge in outcome.data["paths"]["edges"]]


def _envelope(path: Path, records: list[dict[str, Any]], agency: str = "DEA", caveat: str = "LES") -> Path:
    envelope = {
        "format": "btc-transactions",
        "version": 1,
        "dataset": path.stem,
        "agency": agency,
        "caveat": caveat,
        "records": records,
    }
    path.write_text(json.dumps(envelope))
    return path


# Real-format (base58check) addresses, made for the test, in ascending order.
MIX_IN = sorted(base58.b58encode_check(bytes([0, index]) + bytes(19)).decode("ascii") for index in range(5))


def test_a_coinjoin_joins_nothing(graph, cluster_api, tmp_path):
    mix = {
        "txid": "aa" * 32,
        "block": 700_000,
        "timestamp": 1_640_000_000,
        "inputs": [{"address": a, "value": "0.0101"} for a in MIX_IN],
        "outputs": [{"address": a, "value": "0.01"} for a in (SPENDER_A, SPENDER_B, PAYEE, *MIX_IN[:2])],
    }
    plain = {
        "txid": "bb" * 32,
        "block": 700_001,
        "timestamp": 1_640_000_600,
        "inputs": [{"address": MIX_IN[0], "value": "0.01"}, {"address": MIX_IN[1], "value": "0.02"}],
        "outputs": [{"address": PAYEE, "value": "0.0299"}],
    }
    load(graph, "btc-transactions", _envelope(tmp_path / "mix.json", [mix, plain]), tmp_path)
    found = cluster(cluster_api, DEA, MIX_IN[1])
    assert found is not None
    assert (found["size"], found["representative"]) == (2, MIX_IN[0])  # joined by the plain spend only
    assert found["skipped"] == [{"txid": "aa" * 32, "reasons": ["coinjoin:whirlpool"]}]
    other = cluster(cluster_api, DEA, MIX_IN[2])
    assert other is not None and other["size"] == 1
    # paths step through the plain co-spend, never through the mix (though it may be an end)
    address = "CryptoAddress:bitcoin|{}".format
    assert path_nodes(cluster_api, DEA, address(MIX_IN[0]), address(MIX_IN[1])) == [
        [address(MIX_IN[0]), f"UtxoTransaction:bitcoin|{'bb' * 32}", address(MIX_IN[1])]
    ]
    assert path_nodes(cluster_api, DEA, address(MIX_IN[2]), address(MIX_IN[3])) == []
    assert path_nodes(cluster_api, DEA, address(MIX_IN[2]), f"UtxoTransaction:bitcoin|{'aa' * 32}") == [
        [address(MIX_IN[2]), f"UtxoTransaction:bitcoin|{'aa' * 32}"]
    ]


def test_a_split_undoes_the_membership_for_whoever_sees_it(graph, cluster_api, tmp_path):
    load_mainnet(graph, tmp_path, "DEA")
    load_mainnet(graph, tmp_path, "FBI")
    with pytest.raises(InvalidInput, match="HSI\\|LES would be seen by viewers who may not see"):
        splits.split(graph, "bitcoin", [COSPEND], "not one wallet", "tests", "HSI", "LES")
    with pytest.raises(InvalidInput, match="reason"):
        splits.split(graph, "bitcoin", [COSPEND], " ", "tests", "DEA", "LES")
    with pytest.raises(NotFound):
        splits.split(graph, "bitcoin", ["cc" * 32], "why", "tests", "DEA", "LES")
    decision = splits.split(
        graph, "bitcoin", [COSPEND.upper()], "a shared custodian's batch", "tests", "DEA", "LES"
    )
    assert (decision.txids, decision.grant) == ((COSPEND,), "DEA|LES")
    undone = cluster(cluster_api, DEA, SPENDER_A)
    assert undone is not None
    assert (undone["size"], undone["evidence"]) == (1, [])
    ends = f"CryptoAddress:bitcoin|{SPENDER_A}", f"CryptoAddress:bitcoin|{SPENDER_B}"
    assert path_nodes(cluster_api, DEA, *ends) == []  # the split transaction is not crossed
    assert len(path_nodes(cluster_api, FBI, *ends)) == 1  # FBI does not see the split
    assert undone["skipped"] == [{"txid": COSPEND, "reasons": [decision.decision_id]}]
    kept = cluster(cluster_api, FBI, SPENDER_A)  # FBI may not see DEA's decision: its evidence stands
    assert kept is not None and kept["size"] == 2 and kept["skipped"] == []
    assert kept["evidence"][0]["evidence"][0]["records"] == [
        {"record": f"fbi-btc:bitcoin:{COSPEND}", "marking": "FBI|LES", "agency": "FBI"}
    ]
    assert splits.unsplit(graph, decision.decision_id) == (COSPEND,)
    again = cluster(cluster_api, DEA, SPENDER_A)
    assert again is not None and again["size"] == 2
    with pytest.raises(NotFound):
        splits.unsplit(graph, decision.decision_id)
    default = splits.split(graph, "bitcoin", [COSPEND], "only the CLI sees this", "tests")
    assert default.grant == "CHOKEPOINT|LES"  # not public: visible to no partner
    seen_by_dea = cluster(cluster_api, DEA, SPENDER_A)
    assert seen_by_dea is not None and seen_by_dea["size"] == 2
    assert [d.decision_id for d in splits.decisions(graph)] == [default.decision_id]


def test_attributed_members(graph, cluster_api, tmp_path):
    load_mainnet(graph, tmp_path, "DEA")
    records = {
        "provenance": {"dataset": "attrib", "agency": "DEA", "caveat": "LES"},
        "nodes": [{"label": "Person", "record": "p1", "props": {"id": "p:broker", "name": "BROKER"}}],
        "relationships": [
            {
                "type": "CONTROLS_ADDRESS",
                "record": "c1",
                "from": {"label": "Person", "id": "p:broker"},
                "to": {"label": "CryptoAddress", "chain": "bitcoin", "address": SPENDER_B},
            }
        ],
    }
    path = tmp_path / "attrib.json"
    path.write_text(json.dumps(records))
    load(graph, "records", path, tmp_path)
    found = cluster(cluster_api, DEA, SPENDER_A)
    assert found is not None
    assert found["sanctionedOrAttributed"] == [
        {
            "sanctioned": False,
            "address": {"id": f"CryptoAddress:bitcoin|{SPENDER_B}"},
            "controlledBy": [{"id": "p:broker"}],
        }
    ]


def test_bad_arguments_are_coded_errors(graph, cluster_api, tmp_path):
    load_mainnet(graph, tmp_path, "DEA")
    outcome = cluster_api.run(
        f'{{ address(chain: "bitcoin", address: "{SPENDER_A}") {{ cluster(maxMembers: 0) {{ size }} }} }}',
        DEA,
    )
    assert outcome.errors == ["maxMembers: 0 is out of range; ask for 1 to 10000"]
