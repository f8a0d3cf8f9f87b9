"""The saved ``wallet_clusters`` investigation on the real Neo4j: the hand-checked real mainnet co-spend
(tests/api/test_cluster_api.py) with an attribution and a sanctioned flag from two agencies, asked
by default and by name, for viewers who see different parts of it; and coded errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chokepoint.api.schema import build_schema
from chokepoint.api.viewer import Viewer
from tests.api.conftest import InProcessApi
from tests.api.test_cluster_api import PAYEE, SPENDER_A, SPENDER_B, load_mainnet
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j

DEA = Viewer.of("DEA", ["DEA|LES"])  # the transactions and the attribution
FBI = Viewer.of("FBI", ["FBI|LES"])  # only the sanctioned flag on SPENDER_A
BOTH = Viewer.of("DEA", ["DEA|LES", "FBI|LES"])
CBP = Viewer.of("CBP", ["CBP|LES"])  # nothing
RUN = """query ($params: JSON, $first: Int) {
  runInvestigation(name: "wallet_clusters", params: $params, first: $first) {
    columns totalCount edges { node } report
  }
}"""


def run(api: InProcessApi, viewer: Viewer, first: int = 100, **params: Any) -> dict[str, Any]:
    outcome = api.run(RUN, viewer, params=params, first=first)
    assert not outcome.errors, outcome.errors
    assert outcome.data is not None
    return dict(outcome.data["runInvestigation"])


def errors(api: InProcessApi, viewer: Viewer, **params: Any) -> list[str]:
    return list(api.run(RUN, viewer, params=params, first=10).errors)


@pytest.fixture
def report_api(graph, neo4j_settings, api_registry, tmp_path) -> InProcessApi:
    load_mainnet(graph, tmp_path, "DEA")
    _records(
        tmp_path / "attrib.json",
        {"dataset": "attrib", "agency": "DEA", "caveat": "LES"},
        nodes=[{"label": "Person", "record": "p1", "props": {"id": "p:broker", "name": "BROKER"}}],
        relationships=[
            {
                "type": "CONTROLS_ADDRESS",
                "record": "c1",
                "from": {"label": "Person", "id": "p:broker"},
                "to": {"label": "CryptoAddress", "chain": "bitcoin", "address": SPENDER_B},
            }
        ],
    )
    _records(
        tmp_path / "flag.json",
        {"dataset": "flag", "agency": "FBI", "caveat": "LES"},
        nodes=[
            {
                "label": "CryptoAddress",
                "record": "s1",
                "props": {"chain": "bitcoin", "address": SPENDER_A, "sanctioned": True},
            }
        ],
    )
    for name in ("attrib.json", "flag.json"):
        load(graph, "records", tmp_path / name, tmp_path)
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def _records(path: Any, provenance: dict[str, str], **lists: Any) -> None:
    path.write_text(json.dumps({"provenance": provenance, "nodes": [], "relationships": [], **lists}))


def test_by_default_the_clusters_of_what_the_viewer_sees_attributed(report_api):
    found = run(report_api, DEA)
    assert found["columns"][:4] == ["rank", "chain", "representative", "size"]
    assert found["totalCount"] == 1
    row = found["edges"][0]["node"]
    assert row == {
        "rank": 1,
        "chain": "bitcoin",
        "representative": SPENDER_B,
        "size": 2,
        "truncated": False,
        "asset": "BTC",
        "totalReceived": "0",
        "totalSent": "0.53526583",
        "firstActivity": "2020-01-19T12:47:01+00:00",
        "lastActivity": "2020-01-19T12:47:01+00:00",
        "sanctioned": [],  # the flag is the FBI's
        "attributed": [f"{SPENDER_B} ← BROKER (p:broker)"],
        "asked": [SPENDER_B],
    }
    report = found["report"]
    assert f"| 1 | bitcoin | `{SPENDER_B}` | 2 | 0 BTC | 0.53526583 BTC |" in report
    assert f"- `{SPENDER_B}`: controlled by BROKER (p:broker)" in report
    assert "sanctioned" not in report.split("## 1.")[1]


def test_each_viewer_is_told_what_its_records_give(report_api):
    both = run(report_api, BOTH)["edges"][0]["node"]
    assert (both["sanctioned"], both["asked"]) == ([SPENDER_A], [SPENDER_B, SPENDER_A])
    # the FBI sees its flag but none of the transactions: no co-spend, so no cluster to report
    assert run(report_api, FBI)["totalCount"] == 0
    assert run(report_api, CBP)["totalCount"] == 0


def test_named_addresses_report_their_clusters_even_of_one(report_api):
    found = run(report_api, DEA, addresses=[PAYEE, SPENDER_A, f"CryptoAddress:bitcoin|{SPENDER_B}"])
    rows = [edge["node"] for edge in found["edges"]]
    assert [(r["representative"], r["size"], r["asked"]) for r in rows] == [
        (SPENDER_B, 2, [SPENDER_B, SPENDER_A]),  # asked, ascending
        (PAYEE, 1, [PAYEE]),
    ]
    assert (rows[1]["totalReceived"], rows[1]["attributed"]) == ("0.01132333", [])
    walked = run(report_api, DEA, addresses=[SPENDER_A], maxMembers=1)["edges"][0]["node"]
    assert (walked["size"], walked["truncated"]) == (1, True)


def test_bad_or_hidden_addresses_are_named_alike(report_api):
    hidden = errors(report_api, CBP, addresses=[SPENDER_A])
    absent = errors(report_api, DEA, addresses=["1BoatSLRHtKNngkdXEeobR76b53LETtpyT"])
    assert hidden == [
        f"addresses[0]: '{SPENDER_A}' is no bitcoin, bitcoin-cash or litecoin address you may see"
    ]
    assert absent == [
        "addresses[0]: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' is no bitcoin, bitcoin-cash or litecoin "
        "address you may see"
    ]
    assert errors(report_api, DEA, addresses=[SPENDER_A, "not an address"]) == [
        "addresses[1]: 'not an address' is no bitcoin, bitcoin-cash or litecoin address you may see"
    ]
    assert errors(report_api, DEA, maxMembers=0) == ["maxMembers: 0 is out of range; ask for 1 to 10000"]
    assert errors(report_api, DEA, addresses=[SPENDER_A] * 101) == ["addresses: at most 100, not 101"]
