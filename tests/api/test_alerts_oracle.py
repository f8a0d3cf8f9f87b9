"""The caveat oracle for alerts (issue 21): the alerts an agency's watches fire while every agency's
files are loaded are exactly those they fire while only the files that agency may see are loaded, in
the same order: a watch never tells its agency anything it could not have learnt from its own view.
With deconfliction opt-ins, the only extra alerts are pointers, and they are exactly those the rule
gives: the opted-in owners of hidden files that assert a watched entity the agency already sees.
"""

from __future__ import annotations

from typing import Any

import pytest

from chokepoint.api.schema import build_schema
from chokepoint.api.security.config import AccessConfig, Agency, Contact, DeconflictionOptIn
from chokepoint.api.security.policy import viewer_for
from chokepoint.api.security.setup import pointer_rule
from chokepoint.api.viewer import Viewer
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.markings import PUBLIC
from tests.api.alert_case import (
    DEA_LES,
    FBI_LES,
    PUBLIC_FILE,
    CaseFile,
    address_id,
    address_node,
    ingest,
    transfer,
)
from tests.api.conftest import InProcessApi

pytestmark = pytest.mark.neo4j

HSI_LES = {"agency": "HSI", "caveat": "LES"}
AGENCIES = ("FBI", "DEA", "HSI", "CBP")
A, B, S, X, Y = "A2watched", "B2watched", "S2sanctioned", "X2sender", "Y2sender"
PHONE = "Phone:+15550199"
WATCHES: list[tuple[str, str, dict[str, Any]]] = [
    ("incoming_transfer", address_id(A), {"minAmount": 1}),
    ("incoming_transfer", address_id(B), {}),
    ("new_link", "p:boss", {}),
    ("mentioned", PHONE, {}),
    ("sanctions_exposure", address_id(A), {"maxHops": 4}),
    ("sanctions_exposure", address_id(B), {"maxHops": 2}),
]
OPT_INS = AccessConfig(
    agencies={agency: Agency() for agency in AGENCIES},
    deconfliction={
        "DEA": DeconflictionOptIn(contact=Contact(phone="+1 202 555 0100"), caveats=["LES"]),
        "HSI": DeconflictionOptIn(contact=Contact(email="deconfliction@hsi.example"), caveats=["LES"]),
    },  # FBI does not opt in
)
ALERTS = """{ alerts(first: 100) { totalCount alerts { rule subject summary elementIds links sourceRecord
  pointer { agency } } } }"""
WATCH = """mutation ($rule: String!, $subject: ID!, $parameters: JSON) {
  watch(rule: $rule, subject: $subject, parameters: $parameters) { id } }"""


def link(rel_type: str, record: str, start: dict[str, Any], end: dict[str, Any]) -> dict[str, Any]:
    return {"type": rel_type, "record": record, "from": start, "to": end}


def seizure(case_id: str, agency: str) -> dict[str, Any]:
    props = {"id": case_id, "caseNumber": case_id, "seizedOn": "2026-05-01", "seizingAgency": agency}
    return {"label": "Seizure", "record": case_id, "props": props}


def person(person_id: str) -> dict[str, str]:
    return {"label": "Person", "id": person_id}


PHONE_REF = {"label": "Phone", "number": "+15550199"}


def sequence() -> list[CaseFile]:
    """Public records, and DEA, FBI and HSI case files that touch the same entities."""
    base = CaseFile("o-base", PUBLIC_FILE)
    base.nodes += [address_node(name, name) for name in (A, B, X, Y)]
    base.nodes += [
        address_node(S, "s", sanctioned=True),
        {"label": "Person", "record": "boss", "props": {"id": "p:boss", "name": "JEFE, El"}},
        {"label": "Person", "record": "other", "props": {"id": "p:other", "name": "OTRO, El"}},
        {"label": "Person", "record": "third", "props": {"id": "p:third", "name": "TERCERO, El"}},
        {"label": "Phone", "record": "phone", "props": {"number": "+15550199"}},
    ]
    dea = CaseFile("o-dea", DEA_LES).add(transfer("o-t1", X, A, 5.0)).add(transfer("o-t2", A, B, 1.0))
    dea.nodes += [
        seizure("o-sz-dea", "DEA"),
        {"label": "Phone", "record": "p", "props": {"number": "+15550199"}},
    ]
    dea.relationships += [
        link("SEIZED", "o-r1", {"label": "Seizure", "id": "o-sz-dea"}, PHONE_REF),
        link("ASSOCIATE_OF", "o-r2", person("p:boss"), person("p:other")),
    ]
    ledger = (
        CaseFile("o-ledger", PUBLIC_FILE).add(transfer("o-t3", Y, A, 2.0)).add(transfer("o-t4", B, S, 1.0))
    )
    ledger.add(transfer("o-t5", X, A, 0.5))
    fbi = CaseFile("o-fbi", FBI_LES).add(transfer("o-t6", Y, B, 7.0))
    fbi.nodes.append(seizure("o-sz-fbi", "FBI"))
    fbi.relationships += [
        link("USES_PHONE", "o-r3", person("p:other"), PHONE_REF),
        link("SEIZED", "o-r4", {"label": "Seizure", "id": "o-sz-fbi"}, PHONE_REF),
        link("ASSOCIATE_OF", "o-r5", person("p:third"), person("p:boss")),
    ]
    public = CaseFile("o-public", PUBLIC_FILE).add(transfer("o-t7", A, S, 0.1))
    public.relationships.append(link("ASSOCIATE_OF", "o-r6", person("p:boss"), person("p:third")))
    hsi = CaseFile("o-hsi", HSI_LES).add(transfer("o-t8", X, A, 3.0)).add(transfer("o-t9", Y, B, 4.0))
    return [base, dea, ledger, fbi, public, hsi, ledger]  # the ledger again: nothing new


def build(
    graph: Graph,
    api: InProcessApi,
    tmp,
    viewers: list[Viewer],
    held: frozenset[str] | None,
    rule: PointerRule | None,
) -> None:
    graph.run_autocommit(load_query("delete_all_in_batches"))
    for viewer in viewers:
        for rule_name, subject, parameters in WATCHES:
            outcome = api.run(WATCH, viewer, rule=rule_name, subject=subject, parameters=parameters or None)
            assert not outcome.errors, outcome.errors
    for case in sequence():
        if held is None or case.grant in held:
            ingest(graph, case, tmp, rule)


def alerts(api: InProcessApi, viewer: Viewer) -> list[tuple[Any, ...]]:
    outcome = api.run(ALERTS, viewer)
    assert not outcome.errors and outcome.data is not None, outcome.errors
    found = outcome.data["alerts"]
    return sorted(
        (
            a["rule"],
            a["subject"],
            a["summary"],
            tuple(a["elementIds"]),
            tuple(a["links"]),
            a["sourceRecord"],
            (a["pointer"] or {}).get("agency"),
        )
        for a in found["alerts"]
    )


@pytest.fixture
def oracle(graph, neo4j_settings, api_registry) -> InProcessApi:
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def expected_pointers(viewer: Viewer) -> set[tuple[str, str]]:
    """(subject, owner) for each hidden file of an opted-in owner that asserts a watched node the
    viewer already sees (asserted by an earlier file it may see)."""
    held = frozenset({*viewer.grants, PUBLIC})
    subjects = {subject for _, subject, _ in WATCHES}
    opted = {"DEA", "HSI"}
    seen: set[str] = set()
    found: set[tuple[str, str]] = set()
    for case in sequence():
        asserted = {_node_id(node) for node in case.nodes}
        if case.grant in held:
            seen |= asserted
            continue
        owner = case.owner["agency"]
        if owner in opted and owner != viewer.agency:
            found |= {(subject, owner) for subject in asserted & subjects & seen}
    return found


def _node_id(node: dict[str, Any]) -> str:
    props = node["props"]
    if node["label"] == "CryptoAddress":
        return address_id(props["address"])
    if node["label"] == "Phone":
        return f"Phone:{props['number']}"
    return str(props.get("id", ""))  # a transfer: never a watched subject here


def test_an_agency_s_alerts_are_those_its_visible_records_alone_fire(graph, oracle, tmp_path):
    viewers = [viewer_for(agency, AccessConfig()) for agency in AGENCIES]
    build(graph, oracle, tmp_path, viewers, None, None)
    full = {viewer.agency: alerts(oracle, viewer) for viewer in viewers}
    assert sum(len(found) for found in full.values()) > 20  # the sequence fires every rule
    assert {a[0] for found in full.values() for a in found} == {r for r, _, _ in WATCHES}
    for viewer in viewers:
        held = frozenset({*viewer.grants, PUBLIC})
        build(graph, oracle, tmp_path, [viewer], held, None)
        assert full[viewer.agency] == alerts(oracle, viewer), viewer.agency


def test_pointers_are_the_only_extra_alerts_and_name_opted_in_owners_only(graph, oracle, tmp_path):
    viewers = [viewer_for(agency, OPT_INS) for agency in AGENCIES]
    rule = pointer_rule(OPT_INS)
    build(graph, oracle, tmp_path, viewers, None, rule)
    full = {viewer.agency: alerts(oracle, viewer) for viewer in viewers}
    notices = graph.read(
        load_query("deconfliction_list_notices"), owner="DEA", since=None, offset=0, limit=100
    )
    for viewer in viewers:
        held = frozenset({*viewer.grants, PUBLIC})
        pointers = {(a[1], a[6]) for a in full[viewer.agency] if a[6] is not None}
        assert pointers == expected_pointers(viewer), viewer.agency
        plain = [a for a in full[viewer.agency] if a[6] is None]
        build(graph, oracle, tmp_path, [viewer], held, None)
        assert plain == alerts(oracle, viewer), viewer.agency
    assert notices and notices[0]["total"] > 0  # DEA was told of the pointers to its records
