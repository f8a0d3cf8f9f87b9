"""temporalMoneyChains on a hand-made ledger: a cell's wallet pays on through two addresses to a
supplier's wallet, in order and losing a little at each hop; beside it, routes that fail one rule each
(a hop before the money arrived, a hop far too small, one far too large, one after the window), and a
DEA/LES transfer that only DEA may follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chokepoint import composition
from chokepoint.analysis import temporal
from chokepoint.api.schema import build_schema
from chokepoint.ingest.records import NodeRecord, NodeRef, RelationshipRecord
from tests.api import oracle
from tests.api.conftest import GRANTED, PUBLIC_ONLY, InProcessApi
from tests.api.test_investigation_oracle import ledger, write
from tests.integration.test_investigations import org

pytestmark = pytest.mark.neo4j

WALLETS = ["0x" + f"{n:02x}" * 20 for n in range(0x21, 0x29)]  # w0 the cell's, w3 the supplier's


def wallet(n: int) -> NodeRecord:
    return NodeRecord("CryptoAddress", f"w{n}", {"chain": "ethereum", "address": WALLETS[n]})


def move(number: int, sender: int, receiver: int, amount: float, when: str) -> dict[str, Any]:
    return {
        "chain": "ethereum",
        "txHash": "0x" + f"{0x7E000 + number:064x}",
        "index": 0,
        "from": WALLETS[sender],
        "to": WALLETS[receiver],
        "asset": "ETH",
        "amount": amount,
        "timestamp": when,
    }


def parties():
    yield org("cell", "Phoenix cell", "distribution_cell")
    yield org("sup", "Example Chemical", "company", "precursor_supplier")
    yield wallet(0)
    yield wallet(3)
    for owner, n in (("cell", 0), ("sup", 3)):
        target = NodeRef("CryptoAddress", {"chain": "ethereum", "address": WALLETS[n]})
        yield RelationshipRecord("CONTROLS_ADDRESS", NodeRef("Organization", {"id": owner}), target, f"c{n}")


PUBLIC_MOVES = [
    move(1, 0, 1, 100.0, "2026-03-01T10:00:00Z"),  # the cell pays
    move(2, 1, 2, 95.0, "2026-03-02T10:00:00Z"),  # forwarded a day later, a little less
    move(3, 2, 3, 90.0, "2026-03-03T10:00:00Z"),  # and on to the supplier: the chain
    move(4, 1, 4, 95.0, "2026-02-28T10:00:00Z"),  # sent before the money arrived
    move(5, 4, 3, 90.0, "2026-03-04T10:00:00Z"),
    move(6, 1, 5, 1.0, "2026-03-02T11:00:00Z"),  # a sliver: only when minShare allows it
    move(7, 5, 3, 1.0, "2026-03-03T11:00:00Z"),
    move(8, 1, 6, 500.0, "2026-03-02T12:00:00Z"),  # five times what arrived
    move(9, 6, 3, 450.0, "2026-03-03T12:00:00Z"),
    move(10, 1, 7, 95.0, "2026-04-15T10:00:00Z"),  # after the 30-day window
    move(11, 7, 3, 90.0, "2026-04-16T10:00:00Z"),
]
DEA_MOVES = [move(12, 0, 3, 60.0, "2026-03-05T10:00:00Z")]  # straight to the supplier: DEA's record only

CHAINS = """query ($minShare: Float! = 0.5, $sources: [ID!]! = ["cell"], $sinks: [ID!]! = ["sup"],
                  $windowHours: Float! = 720, $since: DateTime) {
  temporalMoneyChains(sources: $sources, sinks: $sinks, maxHops: 5, windowHours: $windowHours,
                      tolerance: 0.1, minShare: $minShare, since: $since) {
    totalCount truncated
    chains { source { id } sink { id } length asset firstAmount lastAmount startedAt endedAt
             addresses { id } transfers { id ... on Transfer { amount timestamp caveat } } }
  }
}"""


@pytest.fixture(scope="module")
def ledger_api(neo4j_settings, api_registry, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("temporal")
    sources = [
        write(folder, "temporal-parties", "OFAC", "PUBLIC", parties()),
        ledger(folder, "temporal-public", "OFAC", "PUBLIC", PUBLIC_MOVES),
        ledger(folder, "temporal-dea", "DEA", "LES", DEA_MOVES),
    ]
    with composition.connect(neo4j_settings) as graph:
        oracle.build(graph, sources, folder, None)
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def chains(api, viewer, **variables):
    outcome = api.run(CHAINS, viewer, **variables)
    assert outcome.errors == [], outcome.errors
    return outcome.data["temporalMoneyChains"]


def hops(found) -> list[list[str]]:
    return [[a["id"].rpartition("|")[2] for a in chain["addresses"]] for chain in found["chains"]]


def test_only_the_chain_in_order_and_in_proportion_counts(ledger_api):
    found = chains(ledger_api, PUBLIC_ONLY)
    assert found["totalCount"] == 1 and not found["truncated"]
    (chain,) = found["chains"]
    assert hops(found) == [[WALLETS[0], WALLETS[1], WALLETS[2], WALLETS[3]]]
    assert (chain["source"]["id"], chain["sink"]["id"], chain["length"], chain["asset"]) == (
        "cell",
        "sup",
        3,
        "ETH",
    )
    assert (chain["firstAmount"], chain["lastAmount"]) == (100.0, 90.0)
    assert [t["amount"] for t in chain["transfers"]] == ["100", "95", "90"]  # exact decimal text
    assert chain["startedAt"].startswith("2026-03-01T10:00:00") and chain["endedAt"].startswith("2026-03-03")


def test_the_rules_are_the_callers(ledger_api):
    sliver = chains(ledger_api, PUBLIC_ONLY, minShare=0.0)  # the 1 ETH sliver is now a plausible share
    assert sorted(len(c["addresses"]) for c in sliver["chains"]) == [4, 4] and sliver["totalCount"] == 2
    assert WALLETS[5] in str(hops(sliver))
    wide = chains(ledger_api, PUBLIC_ONLY, windowHours=24 * 60.0)  # 60 days lets the late hop in
    assert wide["totalCount"] == 2 and WALLETS[7] in str(hops(wide))
    later = chains(ledger_api, PUBLIC_ONLY, since="2026-03-02T00:00:00Z")  # the first payment is earlier
    assert later["totalCount"] == 0


def test_a_hidden_transfer_makes_no_chain_for_those_who_may_not_see_it(ledger_api):
    public = chains(ledger_api, PUBLIC_ONLY)
    dea = chains(ledger_api, GRANTED)
    assert public["totalCount"] == 1 and dea["totalCount"] == 2
    direct = dea["chains"][0]  # shortest first
    assert direct["length"] == 1 and direct["transfers"][0]["caveat"] == "LES"
    assert "LES" not in str(public)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"sources": ["nobody"]}, "no entity nobody"),
        ({"sources": ["cell"], "sinks": ["cell"]}, "cell named as both"),
        ({"minShare": 2.0}, "minShare: 2.0 is out of range"),
        ({"windowHours": 0.0}, "windowHours: 0.0 is out of range"),
        ({"sinks": []}, "name at least one of each"),
    ],
)
def test_bad_arguments_are_clear_errors(ledger_api, variables, message):
    outcome = ledger_api.run(CHAINS, PUBLIC_ONLY, **variables)
    assert outcome.data is None and len(outcome.errors) == 1 and message in outcome.errors[0]


def test_a_viewer_gets_the_chains_its_visible_records_alone_give(ledger_api, neo4j_settings, tmp_path):
    """The oracle on this case: the full graph asked by a viewer without DEA's grant equals a graph of
    the public files alone asked by the development viewer, for several rules."""
    questions = [
        {},
        {"minShare": 0.0},
        {"windowHours": 24 * 60.0},
        {"since": "2026-02-01T00:00:00Z"},
    ]
    full = [chains(ledger_api, PUBLIC_ONLY, **q) for q in questions]
    public = [
        write(tmp_path, "temporal-parties", "OFAC", "PUBLIC", parties()),
        ledger(tmp_path, "temporal-public", "OFAC", "PUBLIC", PUBLIC_MOVES),
    ]
    everything = [*public, ledger(tmp_path, "temporal-dea", "DEA", "LES", DEA_MOVES)]
    with composition.connect(neo4j_settings) as graph:
        oracle.build(graph, public, tmp_path, None)
        try:
            assert [chains(ledger_api, oracle.development(graph), **q) for q in questions] == full
        finally:
            oracle.build(graph, everything, tmp_path, None)


PLAN = """query ($temporal: TemporalRuleInput) {
  interdictionPlan(sources: ["sup"], sinks: ["cell"], maxHops: 6, temporal: $temporal,
                   relTypes: ["CONTROLS_ADDRESS", "SENT_FUNDS_TO"]) {
    complete pairsJoined moneyFlowing { asset amount } moneyStopped { asset amount }
  }
}"""


def test_the_planner_can_count_only_the_money_on_temporal_chains(ledger_api):
    """Every payment link between the cell's and the supplier's wallets carries money by its totals;
    with a temporal rule, only the transfers of the one chain in order count (100 + 95 + 90 ETH)."""
    totals = ledger_api.run(PLAN, PUBLIC_ONLY)
    assert totals.errors == []
    by_totals = totals.data["interdictionPlan"]
    assert by_totals["pairsJoined"] == 1 and by_totals["complete"]
    assert by_totals["moneyFlowing"][0]["amount"] > 285.0
    ordered = ledger_api.run(PLAN, PUBLIC_ONLY, temporal={"minShare": 0.5})
    assert ordered.errors == []
    plan = ordered.data["interdictionPlan"]
    assert plan["moneyFlowing"] == [{"asset": "ETH", "amount": 285.0}]
    assert plan["moneyStopped"] == [{"asset": "ETH", "amount": 285.0}]


SUPPLY = """query ($temporal: TemporalRuleInput) {
  supplyChains(suppliers: ["sup"], cells: ["cell"], maxHops: 6, temporal: $temporal,
               relTypes: ["CONTROLS_ADDRESS", "SENT_FUNDS_TO"]) {
    totalCount temporalTruncated
    edges { node { length nodes { id } relationships { relationship { type startId endId } } } }
  }
}"""
SUPPLY_RULES: list[dict[str, Any] | None] = [
    None,
    {"minShare": 0.5},
    {"minShare": 0.0},
    {"windowHours": 1.0},
    {"windowHours": 24 * 60.0, "minShare": 0.5},
]


def supply(api, viewer, temporal: dict[str, Any] | None) -> dict[str, Any]:
    outcome = api.run(SUPPLY, viewer, temporal=temporal)
    assert outcome.errors == [], outcome.errors
    return outcome.data["supplyChains"]


def money_hops(found) -> list[list[tuple[str, str]]]:
    """Each chain's money hops as (sender, receiver) wallets."""
    return [
        [
            (r["relationship"]["startId"].rpartition("|")[2], r["relationship"]["endId"].rpartition("|")[2])
            for r in edge["node"]["relationships"]
            if r["relationship"]["type"] == "SENT_FUNDS_TO"
        ]
        for edge in found["edges"]
    ]


def test_supply_chains_with_a_temporal_rule_follow_only_money_moved_in_order(ledger_api):
    """The totals join the supplier to the cell over five routes; under the rule only the one whose
    transfers happened in order and in proportion is a money hop a chain may take."""
    by_totals = supply(ledger_api, PUBLIC_ONLY, None)
    assert by_totals["totalCount"] == 1 and by_totals["edges"][0]["node"]["length"] == 5
    ordered = supply(ledger_api, PUBLIC_ONLY, {"minShare": 0.5})
    assert ordered["totalCount"] == 1
    assert [n["id"] for n in ordered["edges"][0]["node"]["nodes"]] == [
        "sup",
        f"CryptoAddress:ethereum|{WALLETS[3]}",
        f"CryptoAddress:ethereum|{WALLETS[2]}",
        f"CryptoAddress:ethereum|{WALLETS[1]}",
        f"CryptoAddress:ethereum|{WALLETS[0]}",
        "cell",
    ]
    assert money_hops(ordered) == [
        [(WALLETS[2], WALLETS[3]), (WALLETS[1], WALLETS[2]), (WALLETS[0], WALLETS[1])]
    ]
    assert supply(ledger_api, PUBLIC_ONLY, {"windowHours": 1.0})["totalCount"] == 0  # no hop follows in time


def test_supply_chains_say_when_the_temporal_search_was_cut(ledger_api, monkeypatch):
    """temporalTruncated: null without a rule, false when the search ran to its end, true when a bound
    cut it (here one transfer read per address and round: w1 sends five)."""
    assert supply(ledger_api, PUBLIC_ONLY, None)["temporalTruncated"] is None
    whole = supply(ledger_api, PUBLIC_ONLY, {"minShare": 0.0})
    assert whole["temporalTruncated"] is False
    monkeypatch.setattr(temporal, "PER_ADDRESS", 1)  # one transfer read per address and round
    cut = supply(ledger_api, PUBLIC_ONLY, {"minShare": 0.0})
    assert cut["temporalTruncated"] is True
    found = chains(ledger_api, PUBLIC_ONLY, minShare=0.0)
    assert found["truncated"] is True  # the same bound, as temporalMoneyChains says it


def test_supply_chains_with_a_temporal_rule_rest_only_on_transfers_the_viewer_sees(ledger_api):
    dea = supply(ledger_api, GRANTED, {"minShare": 0.5})
    assert money_hops(dea) == [[(WALLETS[0], WALLETS[3])]]  # DEA's direct transfer: a one-hop chain
    assert supply(ledger_api, GRANTED, {"windowHours": 1.0})["totalCount"] == 1  # it needs no order
    assert supply(ledger_api, PUBLIC_ONLY, {"minShare": 0.5}) != dea


def test_temporal_supply_chains_are_those_of_the_visible_records_alone(ledger_api, neo4j_settings, tmp_path):
    """The oracle on this case for supplyChains: the full graph asked by a viewer without DEA's grant
    equals a graph of the public files alone asked by the development viewer, under several rules.
    Among shortest chains of equal length the database picks one (ANY SHORTEST), so where several
    routes tie only the chains' lengths are compared."""
    full = [supply(ledger_api, PUBLIC_ONLY, rule) for rule in SUPPLY_RULES]
    public = [
        write(tmp_path, "temporal-parties", "OFAC", "PUBLIC", parties()),
        ledger(tmp_path, "temporal-public", "OFAC", "PUBLIC", PUBLIC_MOVES),
    ]
    everything = [*public, ledger(tmp_path, "temporal-dea", "DEA", "LES", DEA_MOVES)]
    with composition.connect(neo4j_settings) as graph:
        oracle.build(graph, public, tmp_path, None)
        try:
            alone = [supply(ledger_api, oracle.development(graph), rule) for rule in SUPPLY_RULES]
        finally:
            oracle.build(graph, everything, tmp_path, None)
    assert alone[1] == full[1]  # one route only: the same chain, hop for hop
    assert [lengths(found) for found in alone] == [lengths(found) for found in full]
    assert [lengths(found) for found in full] == [[5], [5], [5], [], [5]]


def lengths(found) -> list[int]:
    return [edge["node"]["length"] for edge in found["edges"]]
