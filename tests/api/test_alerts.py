"""Watches and alerts (issue 21) on a hand-made sequence of ingests: each rule fires exactly when it
should, once per triggering assertion, never on a re-ingest and never for an agency that cannot see
the trigger; bad watches are refused with the parameter named; each agency reaches its own watches
and alerts only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chokepoint.alerts.service import alerts_after_resolution
from chokepoint.api.schema import build_schema
from chokepoint.api.security.config import AccessConfig
from chokepoint.api.security.policy import viewer_for
from chokepoint.graph import Graph
from chokepoint.resolution import service as resolution
from tests.api.alert_case import (
    DEA_LES,
    PUBLIC_FILE,
    CaseFile,
    address_id,
    address_node,
    ingest,
    transfer,
)
from tests.api.conftest import InProcessApi

pytestmark = pytest.mark.neo4j

FBI = viewer_for("FBI", AccessConfig())
DEA = viewer_for("DEA", AccessConfig())
WATCH = """mutation ($rule: String!, $subject: ID!, $parameters: JSON) {
  watch(rule: $rule, subject: $subject, parameters: $parameters) { id rule subject parameters } }"""
ALERTS = """query ($watch: ID, $unacknowledged: Boolean!) {
  alerts(first: 100, watch: $watch, unacknowledged: $unacknowledged) { totalCount
    alerts { id rule subject summary elementIds links sourceRecord acknowledgedAt
      pointer { agency } entities { id } } } }"""
A, S, X, Y = "A1walletAAA", "S1sanctionedSSS", "X1senderXXX", "Y1otherYYY"
PHONE = "Phone:+15550100"


def base_case() -> CaseFile:
    return CaseFile(
        "base",
        PUBLIC_FILE,
        nodes=[
            address_node(A, "a"),
            address_node(X, "x"),
            address_node(Y, "y"),
            address_node(S, "s", sanctioned=True),
            {"label": "Person", "record": "boss", "props": {"id": "p:boss", "name": "JEFE, El"}},
            {"label": "Person", "record": "other", "props": {"id": "p:other", "name": "OTRO, El"}},
            {"label": "Organization", "record": "org", "props": {"id": "org:cartel", "name": "CARTEL"}},
            {"label": "Phone", "record": "phone", "props": {"number": "+15550100"}},
        ],
    )


@pytest.fixture
def alert_api(graph: Graph, neo4j_settings, api_registry) -> InProcessApi:
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def watch(api: InProcessApi, viewer, rule: str, subject: str, **parameters: Any) -> str:
    outcome = api.run(WATCH, viewer, rule=rule, subject=subject, parameters=parameters or None)
    assert not outcome.errors, outcome.errors
    assert outcome.data is not None
    return str(outcome.data["watch"]["id"])


def alerts_of(api: InProcessApi, viewer, watch_id: str | None = None) -> list[dict[str, Any]]:
    outcome = api.run(ALERTS, viewer, watch=watch_id, unacknowledged=False)
    assert not outcome.errors, outcome.errors
    assert outcome.data is not None
    found = outcome.data["alerts"]
    assert found["totalCount"] == len(found["alerts"])
    return list(found["alerts"])


def test_incoming_transfer_fires_once_per_transfer_that_meets_the_watch(graph, alert_api, tmp_path):
    ingest(graph, base_case(), tmp_path)
    big = watch(alert_api, FBI, "incoming_transfer", address_id(A), asset="BTC", minAmount=1)
    usdt = watch(alert_api, FBI, "incoming_transfer", address_id(A), asset="USDT")
    ledger = CaseFile("ledger-1", PUBLIC_FILE)
    ledger.add(transfer("t-small", X, A, 0.5)).add(transfer("t-big", X, A, 2.0))
    ledger.add(transfer("t-out", A, Y, 9.0))  # out of A: not incoming
    fired = ingest(graph, ledger, tmp_path)
    assert [a.summary for a in fired] == [f"2 BTC in tx t-big received by {address_id(A)}"]
    assert ingest(graph, ledger, tmp_path) == []  # re-ingesting the same file asserts nothing new

    alerts = alerts_of(alert_api, FBI, big)
    assert len(alerts) == 1
    (alert,) = alerts
    assert alert["rule"] == "incoming_transfer" and alert["subject"] == address_id(A)
    assert alert["elementIds"] == [address_id(A), "Transfer:bitcoin|t-big|0"]
    assert alert["links"] == [f"(Transfer:bitcoin|t-big|0)-[RECEIVED]->({address_id(A)})"]
    assert alert["sourceRecord"] == "ledger-1:t-big"
    assert [e["id"] for e in alert["entities"]] == alert["elementIds"]
    assert alerts_of(alert_api, FBI, usdt) == []

    later = CaseFile("ledger-2", PUBLIC_FILE).add(transfer("t-usdt", X, A, 10.0, asset="USDT"))
    later.add(transfer("t-big-2", Y, A, 3.0))
    fired = ingest(graph, later, tmp_path)
    assert sorted(a.watch.id for a in fired) == sorted([big, usdt])
    assert len(alerts_of(alert_api, FBI, big)) == 2
    assert len(alerts_of(alert_api, FBI, usdt)) == 1


def test_a_watch_never_fires_on_records_its_agency_cannot_see(graph, alert_api, tmp_path):
    ingest(graph, base_case(), tmp_path)
    fbi_watch = watch(alert_api, FBI, "incoming_transfer", address_id(A))
    dea_watch = watch(alert_api, DEA, "incoming_transfer", address_id(A))
    hidden = CaseFile("dea-ledger", DEA_LES).add(transfer("t-dea", X, A, 50.0))
    fired = ingest(graph, hidden, tmp_path)
    assert [a.watch.id for a in fired] == [dea_watch]
    assert alerts_of(alert_api, FBI, fbi_watch) == []
    assert len(alerts_of(alert_api, DEA, dea_watch)) == 1
    # Each agency reaches its own alerts only: FBI asking for DEA's watch gets nothing.
    assert alerts_of(alert_api, FBI, dea_watch) == []
    # The same transfer in a public file is a new assertion FBI sees: now it fires for FBI (and
    # again for DEA: another record asserted it).
    public = CaseFile("public-ledger", PUBLIC_FILE).add(transfer("t-dea", X, A, 50.0))
    fired = ingest(graph, public, tmp_path)
    assert sorted(a.watch.id for a in fired) == sorted([fbi_watch, dea_watch])


def test_new_link_and_mention_rules_follow_their_types_and_labels(graph, alert_api, tmp_path, model):
    ingest(graph, base_case(), tmp_path)
    associates = watch(alert_api, FBI, "new_link", "p:boss", types=["ASSOCIATE_OF"])
    mentions = watch(alert_api, FBI, "mentioned", PHONE)
    links = CaseFile("links", PUBLIC_FILE)
    links.relationships += [
        {
            "type": "ASSOCIATE_OF",
            "record": "r1",
            "from": {"label": "Person", "id": "p:other"},
            "to": {"label": "Person", "id": "p:boss"},
        },
        {
            "type": "MEMBER_OF",
            "record": "r2",
            "from": {"label": "Person", "id": "p:boss"},
            "to": {"label": "Organization", "id": "org:cartel"},
        },
        {  # a person using the phone is a link, but not a mention
            "type": "USES_PHONE",
            "record": "r3",
            "from": {"label": "Person", "id": "p:other"},
            "to": {"label": "Phone", "number": "+15550100"},
        },
    ]
    seizure = {"id": "sz:1", "caseNumber": "C-1", "seizedOn": "2026-05-01", "seizingAgency": "DEA"}
    links.nodes.append({"label": "Seizure", "record": "sz", "props": seizure})
    links.relationships.append(
        {
            "type": "SEIZED",
            "record": "r4",
            "from": {"label": "Seizure", "id": "sz:1"},
            "to": {"label": "Phone", "number": "+15550100"},
        }
    )
    fired = ingest(graph, links, tmp_path)
    assert sorted((a.watch.id, a.links[0]["type"]) for a in fired) == sorted(
        [(associates, "ASSOCIATE_OF"), (mentions, "SEIZED")]
    )
    (mention,) = alerts_of(alert_api, FBI, mentions)
    assert mention["elementIds"] == [PHONE, "sz:1"]


def test_exposure_fires_on_a_new_path_to_a_sanctioned_party(graph, alert_api, tmp_path):
    ingest(graph, base_case(), tmp_path)
    exposure = watch(alert_api, FBI, "sanctions_exposure", address_id(A), maxHops=2)
    far = CaseFile("far", PUBLIC_FILE).add(transfer("t-far", Y, S, 1.0))  # S's neighbourhood only
    # A second sanctioned party: more parties than searches, so the search starts from the subject
    # (the oracle's single party is searched from its side).
    far.nodes.append(address_node("S9second", "s9", sanctioned=True))
    assert ingest(graph, far, tmp_path) == []
    near = CaseFile("near", PUBLIC_FILE).add(transfer("t-near", A, S, 1.0))  # A -> t -> S
    fired = ingest(graph, near, tmp_path)
    assert [(a.watch.id, a.entities) for a in fired] == [
        (exposure, [address_id(A), "Transfer:bitcoin|t-near|0", address_id(S)])
    ]
    assert ingest(graph, near, tmp_path) == []  # nothing new: no new path
    # A second path as short as the first: new, so it fires, whichever path the nearest search meets.
    parallel = CaseFile("parallel", PUBLIC_FILE).add(transfer("t-parallel", A, S, 2.0))
    fired = ingest(graph, parallel, tmp_path)
    assert [a.entities for a in fired] == [[address_id(A), "Transfer:bitcoin|t-parallel|0", address_id(S)]]
    # A path hidden from FBI (DEA's records) never fires FBI's watch.
    hidden = CaseFile("dea-near", DEA_LES).add(transfer("t-dea-near", A, S, 1.0))
    assert ingest(graph, hidden, tmp_path) == []
    assert len(alerts_of(alert_api, FBI, exposure)) == 2


def test_watches_are_refused_with_the_parameter_named(graph, alert_api, tmp_path):
    ingest(graph, base_case(), tmp_path)
    cases = [
        ("no_such_rule", address_id(A), {}, "rule: 'no_such_rule' is not a watch rule"),
        ("incoming_transfer", address_id(A), {"minAmount": -1}, "parameters.minAmount: -1 is below"),
        ("incoming_transfer", address_id(A), {"minAmount": "lots"}, "parameters.minAmount: give a finite"),
        ("incoming_transfer", address_id(A), {"colour": "red"}, "parameters.colour: rule incoming_transfer"),
        ("new_link", "p:boss", {"types": ["KNOWS"]}, "parameters.types: 'KNOWS' is not a relationship type"),
        ("new_link", "p:boss", {"labels": ["Wallet"]}, "parameters.labels: 'Wallet' is not a node label"),
        ("sanctions_exposure", "p:boss", {"maxHops": 9}, "parameters.maxHops: 9 is above the most allowed"),
        ("incoming_transfer", "p:boss", {}, "subject: 'p:boss' is a Entity/Person; rule incoming_transfer"),
    ]
    for rule, subject, parameters, message in cases:
        outcome = alert_api.run(WATCH, FBI, rule=rule, subject=subject, parameters=parameters or None)
        assert outcome.data is None, (rule, parameters)
        assert any(message in error for error in outcome.errors), (message, outcome.errors)
    # A subject FBI cannot see is accepted exactly as one that does not exist: nothing tells them apart.
    hidden = CaseFile("dea-person", DEA_LES)
    hidden.nodes.append({"label": "Person", "record": "h", "props": {"id": "p:hidden", "name": "OCULTO"}})
    ingest(graph, hidden, tmp_path)
    for subject in ("p:hidden", "p:absent"):
        outcome = alert_api.run(WATCH, FBI, rule="incoming_transfer", subject=subject, parameters=None)
        assert not outcome.errors and outcome.data is not None
        assert outcome.data["watch"]["subject"] == subject


def test_unwatch_and_acknowledge_reach_only_the_agency_s_own(graph, alert_api, tmp_path):
    ingest(graph, base_case(), tmp_path)
    mine = watch(alert_api, FBI, "incoming_transfer", address_id(A))
    ingest(graph, CaseFile("l", PUBLIC_FILE).add(transfer("t1", X, A, 1.0)), tmp_path)
    (alert,) = alerts_of(alert_api, FBI, mine)
    ack = "mutation ($ids: [ID!]!) { acknowledgeAlerts(ids: $ids) }"
    assert alert_api.run(ack, DEA, ids=[alert["id"]]).data == {"acknowledgeAlerts": []}
    assert alert_api.run(ack, FBI, ids=[alert["id"]]).data == {"acknowledgeAlerts": [alert["id"]]}
    unread = alert_api.run(ALERTS, FBI, watch=mine, unacknowledged=True).data
    assert unread is not None and unread["alerts"]["totalCount"] == 0
    unwatch = "mutation ($id: ID!) { unwatch(id: $id) { id } }"
    refused = alert_api.run(unwatch, DEA, id=mine)
    assert refused.data is None and "is not an active watch of DEA" in refused.errors[0]
    assert alert_api.run(unwatch, FBI, id=mine).data == {"unwatch": {"id": mine}}
    assert ingest(graph, CaseFile("l2", PUBLIC_FILE).add(transfer("t2", X, A, 1.0)), tmp_path) == []
    assert len(alerts_of(alert_api, FBI, mine)) == 1  # its alerts stay


def test_an_agency_s_watches_are_its_own(graph, alert_api, tmp_path):
    watch(alert_api, FBI, "incoming_transfer", address_id(A))
    listing = "{ watches(first: 10) { totalCount watches { subject } } }"
    assert alert_api.run(listing, FBI).data == {
        "watches": {"totalCount": 1, "watches": [{"subject": address_id(A)}]}
    }
    assert alert_api.run(listing, DEA).data == {"watches": {"totalCount": 0, "watches": []}}


def test_same_as_rule_fires_once_per_decision_its_agency_sees(graph, alert_api, tmp_path, model):
    def person(record: str, person_id: str, name: str) -> dict[str, Any]:
        props = {"id": person_id, "name": name, "ofacUid": 11111}
        return {"label": "Person", "record": record, "props": props}

    ingest(
        graph, CaseFile("ofac", PUBLIC_FILE, nodes=[person("o", "ofac:11111", "GUZMAN, Joaquin")]), tmp_path
    )
    fbi = watch(alert_api, FBI, "same_as", "ofac:11111")
    dea = watch(alert_api, DEA, "same_as", "ofac:11111")
    ingest(graph, CaseFile("dea", DEA_LES, nodes=[person("d", "dea:p1", "El Chapo")]), tmp_path)
    started = dt.datetime.now(dt.UTC)
    resolution.run(graph, model)
    fired = alerts_after_resolution(graph, model, started)
    assert [a.watch.id for a in fired] == [dea]  # the decision rests on DEA's record: FBI never sees it
    assert alerts_after_resolution(graph, model, started) == []  # stored once
    ingest(graph, CaseFile("pub", PUBLIC_FILE, nodes=[person("p", "pub:p1", "GUZMAN LOERA")]), tmp_path)
    started = dt.datetime.now(dt.UTC)
    resolution.run(graph, model)
    fired = alerts_after_resolution(graph, model, started)
    assert sorted(a.watch.id for a in fired) == sorted([fbi, dea])
    (alert,) = alerts_of(alert_api, FBI, fbi)
    assert alert["elementIds"] == ["ofac:11111", "pub:p1"]
    resolution.run(graph, model)
    assert alerts_after_resolution(graph, model, started) == []
