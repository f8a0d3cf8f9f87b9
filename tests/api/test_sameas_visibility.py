"""SAME_AS links through the API: each is visible to whoever may see all of its evidence, no more.

Six PUBLIC OFAC persons. Two share a phone that only DEA's LES records name; two share a passport
that DEA (LES) names for one and HSI (LES) for the other; two share a phone that OFAC itself names.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from chokepoint import composition
from chokepoint.api.schema import build_schema
from chokepoint.api.security.config import AccessConfig, Agency
from chokepoint.api.security.policy import viewer_for
from chokepoint.api.viewer import Viewer, development_viewer
from chokepoint.resolution import service
from chokepoint.settings import load_settings
from tests.api import oracle
from tests.api.conftest import InProcessApi
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j

PHONE_DEA = {"label": "Phone", "number": "+8613800000001"}
PHONE_OFAC = {"label": "Phone", "number": "+8613800000002"}
PASSPORT = {"label": "IdentityDocument", "docType": "Passport", "number": "G7654321", "issuingCountry": "MX"}
NAMES = {1: "ALPHA Uno", 2: "BRAVO Dos", 3: "CHARLIE Tres", 4: "DELTA Cuatro", 5: "ECHO Cinco", 6: "FOX Seis"}


def _person(number: int) -> dict[str, Any]:
    return {
        "label": "Person",
        "record": f"p{number}",
        "props": {"id": f"ofac:{number}", "name": NAMES[number]},
    }


def _key(ref: dict[str, str]) -> dict[str, Any]:
    return {
        "label": ref["label"],
        "record": ref["label"].lower(),
        "props": {k: v for k, v in ref.items() if k != "label"},
    }


def _uses(relationship: str, number: int, target: dict[str, str]) -> dict[str, Any]:
    source = {"label": "Person", "id": f"ofac:{number}"}
    return {"type": relationship, "record": f"{relationship}-{number}", "from": source, "to": target}


FILES = {
    "ofac": {
        "provenance": {"dataset": "ofac-m", "agency": "OFAC", "caveat": "PUBLIC"},
        "nodes": [*(_person(n) for n in NAMES), _key(PHONE_OFAC)],
        "relationships": [_uses("USES_PHONE", 5, PHONE_OFAC), _uses("USES_PHONE", 6, PHONE_OFAC)],
    },
    "dea": {
        "provenance": {"dataset": "dea-m", "agency": "DEA", "caveat": "LES"},
        "nodes": [_key(PHONE_DEA), _key(PASSPORT)],
        "relationships": [
            _uses("USES_PHONE", 1, PHONE_DEA),
            _uses("USES_PHONE", 2, PHONE_DEA),
            _uses("HAS_DOCUMENT", 3, PASSPORT),
        ],
    },
    "hsi": {
        "provenance": {"dataset": "hsi-m", "agency": "HSI", "caveat": "LES"},
        "nodes": [_key(PASSPORT)],
        "relationships": [_uses("HAS_DOCUMENT", 4, PASSPORT)],
    },
}
KNOWN = {name: Agency() for name in ("DEA", "HSI", "NOBODY")}
NO_SHARING = AccessConfig(agencies=KNOWN)
DEA_SHARES_LES = AccessConfig(agencies=KNOWN, sharing={"DEA": {"LES": ["HSI"]}})
QUERY = """query { %s }"""
FIELDS = """e%d: entity(id: "ofac:%d") { ... on Person { resolvedId }
  neighbors(relTypes: ["SAME_AS"], first: 20) { totalCount edges { node { id } relationship {
    markings sourceRecords sourceRecordMarkings agency caveat
    ... on SameAsRelationship { rule records } } } } }"""


@pytest.fixture
def resolved(graph, tmp_path, api_registry, neo4j_settings) -> InProcessApi:
    for name, records in FILES.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        (report,) = load(graph, "records", path, tmp_path)
        assert report.rejected == []
    service.run(graph, composition.model_of(load_settings()))
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


def same_as(api: InProcessApi, viewer: Viewer) -> dict[int, dict[str, Any]]:
    """Each person as ``viewer`` sees it: its resolvedId and its SAME_AS links by the other end."""
    outcome = api.run(QUERY % "\n".join(FIELDS % (n, n) for n in NAMES), viewer)
    assert not outcome.errors, outcome.errors
    assert outcome.data is not None
    out = {}
    for number in NAMES:
        entity = outcome.data[f"e{number}"]
        edges = entity["neighbors"]["edges"]
        assert entity["neighbors"]["totalCount"] == len(edges)
        links = {edge["node"]["id"]: edge["relationship"] for edge in edges}
        out[number] = {"resolvedId": entity["resolvedId"], "links": links}
    return out


def test_a_link_on_a_restricted_phone_is_seen_only_by_who_sees_the_phone(resolved, graph):
    dea = same_as(resolved, viewer_for("DEA", NO_SHARING))
    link = dea[1]["links"]["ofac:2"]
    assert (link["rule"], link["markings"], link["agency"], link["caveat"]) == (
        "strong:phone",
        ["DEA|LES"],
        "DEA",
        "LES",
    )
    assert {record.partition(":")[0] for record in link["records"]} == {"ofac-m", "dea-m"}
    assert link["sourceRecordMarkings"] == ["DEA|LES"]
    for viewer in (viewer_for("HSI", NO_SHARING), Viewer.of("NOBODY", [])):
        assert same_as(resolved, viewer)[1]["links"] == {}  # the phone is DEA's: so is the link
    assert "ofac:2" in same_as(resolved, viewer_for("HSI", DEA_SHARES_LES))[1]["links"]


def test_a_link_resting_on_two_agencies_restricted_records_is_seen_by_no_partner(resolved, graph):
    for viewer in (
        viewer_for("DEA", NO_SHARING),
        viewer_for("HSI", NO_SHARING),
        viewer_for("HSI", DEA_SHARES_LES),  # holds both grants, yet: the link is the exception
        Viewer.of("NOBODY", []),
    ):
        assert same_as(resolved, viewer)[3]["links"] == {}, viewer
    everything = same_as(resolved, development_viewer(oracle.present_grants(graph)))
    link = everything[3]["links"]["ofac:4"]
    assert (link["rule"], link["markings"]) == ("strong:document", ["CHOKEPOINT|LES"])
    assert {record.partition(":")[0] for record in link["records"]} == {"ofac-m", "dea-m", "hsi-m"}


def test_a_link_on_public_evidence_is_public_and_alone_makes_resolved_ids(resolved):
    for viewer in (Viewer.of("NOBODY", []), viewer_for("DEA", NO_SHARING)):
        seen = same_as(resolved, viewer)
        link = seen[5]["links"]["ofac:6"]
        assert (link["rule"], link["markings"], link["caveat"]) == ("strong:phone", ["PUBLIC"], "PUBLIC")
        assert {record.partition(":")[0] for record in link["records"]} == {"ofac-m"}
        assert seen[5]["resolvedId"] == seen[6]["resolvedId"] == "ofac:5"
        # the DEA link joins no cluster id: resolvedId is the same for every viewer
        assert seen[1]["resolvedId"] is None and seen[2]["resolvedId"] is None
