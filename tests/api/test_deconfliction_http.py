"""Deconfliction end to end over HTTP, on the production app (issue 20): pointers on answers, notices
to their owners (one per agency, element and window), the owner's report, the audit log, and an
access file whose opt-ins are wrong refused at start-up.

The case: OFAC lists BROKER LLC (public). DEA (LES, opted in, 60-minute window), HSI (ORCON, opted in
explicitly, window 0) and FBI (LES, not opted in) each hold a record on it; DEA also holds a person
and their MEMBER_OF link to the broker. CBP holds no grant of theirs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.api.security.config import load_access_config
from chokepoint.api.security.credentials import key_digest, new_api_key
from chokepoint.errors import ConfigurationError
from chokepoint.graph.queries import load_query
from chokepoint.settings import Settings
from tests.api.conftest import served_app
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j

KEYS = {agency: new_api_key() for agency in ("DEA", "HSI", "FBI", "CBP")}
DEA = {"desk": "DEA SOD deconfliction desk", "phone": "+1 202 555 0100", "email": None}
HSI = {"desk": None, "phone": None, "email": "deconfliction@hsi.example"}
BROKER = 'query { entity(id: "org:broker") { id deconfliction { agency desk phone email } } }'
NOTICES = "query { deconflictionNotices { totalCount notices { agency element touches firstAt lastAt } } }"


def records_file(folder: Path, name: str, agency: str, caveat: str, extra: bool = False) -> Path:
    nodes = [
        {"label": "Organization", "record": f"{name}-1", "props": {"id": "org:broker", "name": "BROKER LLC"}}
    ]
    rels = []
    if extra:
        nodes.append({"label": "Person", "record": f"{name}-2", "props": {"id": "p:agent", "name": "AGENTE"}})
        rels.append(
            {
                "type": "MEMBER_OF",
                "record": f"{name}-3",
                "from": {"label": "Person", "id": "p:agent"},
                "to": {"label": "Organization", "id": "org:broker"},
            }
        )
    provenance = {"dataset": name, "agency": agency, "caveat": caveat, "synthetic": True}
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"provenance": provenance, "nodes": nodes, "relationships": rels}))
    return path


def access_file(folder: Path, deconfliction: dict[str, Any]) -> Path:
    access = {
        "agencies": {agency: {"api_keys": [{"sha256": key_digest(key)}]} for agency, key in KEYS.items()},
        "deconfliction": deconfliction,
    }
    path = folder / "access.yaml"
    path.write_text(yaml.safe_dump(access))
    return path


OPT_INS = {
    "DEA": {"contact": {"desk": DEA["desk"], "phone": DEA["phone"]}, "caveats": ["LES"]},
    "HSI": {
        "contact": {"email": HSI["email"]},
        "caveats": ["ORCON"],
        "originator_controlled": True,
        "notice_window_minutes": 0,
    },
}


@pytest.fixture(scope="module")
def served(neo4j_settings, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("deconfliction")
    with composition.connect(neo4j_settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        for path in (
            records_file(folder, "ofac-list", "OFAC", "PUBLIC"),
            records_file(folder, "dea-case", "DEA", "LES", extra=True),
            records_file(folder, "hsi-source", "HSI", "ORCON"),
            records_file(folder, "fbi-case", "FBI", "LES"),
        ):
            for report in load(graph, "records", path, folder):
                assert not report.rejected, report.rejected
    settings = neo4j_settings.model_copy(
        update={
            "api_config": access_file(folder, OPT_INS),
            "api_production": True,
            "api_audit_log": folder / "audit.jsonl",
        }
    )
    with served_app(create_app(settings), "api-deconfliction-server") as url:
        yield f"{url}/graphql", folder / "audit.jsonl"


def ask(url: str, agency: str, query: str) -> dict[str, Any]:
    response = httpx.post(url, json={"query": query}, headers={"X-API-Key": KEYS[agency]}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


def notices(url: str, owner: str) -> list[dict[str, Any]]:
    return list(ask(url, owner, NOTICES)["deconflictionNotices"]["notices"])


def eventually(check: Callable[[], None], timeout_s: float = 5.0) -> None:
    """``check`` passes within ``timeout_s``: notices are written just after the answer leaves."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_pointers_name_opted_in_owners_and_notices_reach_them_only(served):
    url, audit = served
    answer = ask(url, "CBP", BROKER)
    assert answer["entity"]["deconfliction"] == [{"agency": "DEA", **DEA}, {"agency": "HSI", **HSI}]
    last = json.loads(audit.read_text().splitlines()[-1])
    assert last["agency"] == "CBP" and last["deconfliction"] == ["DEA org:broker", "HSI org:broker"]

    def first_touch() -> None:
        dea = notices(url, "DEA")
        assert [(n["agency"], n["element"], n["touches"]) for n in dea] == [("CBP", "org:broker", 1)]
        assert [(n["agency"], n["element"]) for n in notices(url, "HSI")] == [("CBP", "org:broker")]

    eventually(first_touch)
    assert notices(url, "FBI") == [] and notices(url, "CBP") == []  # FBI did not opt in; CBP owns none

    ask(url, "CBP", BROKER)  # within DEA's window: the same notice; HSI's window is 0: a new one

    def second_touch() -> None:
        assert [(n["agency"], n["touches"]) for n in notices(url, "DEA")] == [("CBP", 2)]
        assert [(n["agency"], n["touches"]) for n in notices(url, "HSI")] == [("CBP", 1), ("CBP", 1)]

    eventually(second_touch)
    ask(url, "CBP", 'query { entity(id: "org:broker") { id displayName } }')  # no pointer asked for
    time.sleep(0.5)
    assert [n["touches"] for n in notices(url, "DEA")] == [2]


def test_an_agency_holding_the_records_gets_no_pointer_to_itself_or_to_what_it_sees(served):
    url, _ = served
    assert ask(url, "DEA", BROKER)["entity"]["deconfliction"] == [{"agency": "HSI", **HSI}]
    assert ask(url, "HSI", BROKER)["entity"]["deconfliction"] == [{"agency": "DEA", **DEA}]
    # DEA's person and link are hidden from CBP whole: no element, so no pointer, shows them
    neighbors = (
        'query { entity(id: "org:broker") { neighbors { totalCount } } p: entity(id: "p:agent") { id } }'
    )
    answer = ask(url, "CBP", neighbors)
    assert answer == {"entity": {"neighbors": {"totalCount": 0}}, "p": None}


def test_the_owners_report_lists_its_touched_elements_most_recent_first(served):
    url, _ = served
    ask(url, "FBI", BROKER)
    eventually(lambda: _assert_agencies(notices(url, "DEA"), {"CBP", "HSI", "FBI"}))
    report = ask(
        url,
        "DEA",
        "query { deconflictionReport { totalCount items { element lastAt "
        "entity { id displayName } agencies { agency touches notices } } } }",
    )["deconflictionReport"]
    assert report["totalCount"] == 1
    (item,) = report["items"]
    assert item["element"] == "org:broker" and item["entity"] == {
        "id": "org:broker",
        "displayName": "BROKER LLC",
    }
    assert [a["agency"] for a in item["agencies"]] == ["FBI", "HSI", "CBP"]  # most recent first


def _assert_agencies(found: list[dict[str, Any]], agencies: set[str]) -> None:
    assert {n["agency"] for n in found} == agencies


def test_an_export_carries_the_pointers_as_an_attribute_and_tells_the_owners(served):
    url, audit = served
    before = {n["agency"]: n["touches"] for n in notices(url, "DEA") if n["agency"] == "CBP"}
    export = url.removesuffix("/graphql") + "/export"
    response = httpx.get(
        export, params={"format": "cytoscape", "ids": "org:broker"}, headers={"X-API-Key": KEYS["CBP"]}
    )
    assert response.status_code == 200, response.text
    (node,) = [e["data"] for e in response.json()["elements"]["nodes"]]
    assert node["id"] == "org:broker"
    assert node["deconfliction"] == (
        "DEA: DEA SOD deconfliction desk; +1 202 555 0100 | HSI: deconfliction@hsi.example"
    )
    gexf = httpx.get(
        export, params={"format": "gexf", "ids": "org:broker"}, headers={"X-API-Key": KEYS["CBP"]}
    )
    assert b'title="deconfliction"' in gexf.content and b"HSI: deconfliction@hsi.example" in gexf.content
    last = json.loads(audit.read_text().splitlines()[-1])
    assert last["operation"] == "export gexf" and last["deconfliction"] == [
        "DEA org:broker",
        "HSI org:broker",
    ]

    def told() -> None:
        after = {n["agency"]: n["touches"] for n in notices(url, "DEA") if n["agency"] == "CBP"}
        assert after["CBP"] == before.get("CBP", 0) + 2

    eventually(told)


@pytest.mark.parametrize(
    ("opt_in", "message"),
    [
        ({"DEA": {"caveats": ["LES"]}}, "contact"),
        ({"DEA": {"contact": {}, "caveats": ["LES"]}}, "a desk, a phone or an email"),
        ({"DEA": {"contact": {"desk": "x"}, "caveats": ["SECRET"]}}, "'SECRET' gives no pointers"),
        ({"DEA": {"contact": {"desk": "x"}, "caveats": ["PUBLIC"]}}, "'PUBLIC' gives no pointers"),
        ({"DEA": {"contact": {"desk": "x"}, "caveats": ["ORCON"]}}, "originator_controlled: true"),
        (
            {"DEA": {"contact": {"desk": "x"}, "caveats": ["LES"], "originator_controlled": True}},
            "lists no originator-controlled caveat",
        ),
        ({"NSA": {"contact": {"desk": "x"}, "caveats": ["LES"]}}, "'NSA' opts in but is not an agency"),
        ({"DEA": {"contact": {"desk": "x"}, "caveats": []}}, "caveats"),
    ],
)
def test_a_bad_opt_in_is_refused_at_start_up(tmp_path, opt_in, message):
    with pytest.raises(ConfigurationError, match="deconfliction") as refused:
        load_access_config(access_file(tmp_path, opt_in))
    assert message in str(refused.value)


def test_start_up_refuses_the_app_on_a_bad_opt_in(neo4j_settings: Settings, tmp_path):
    bad = access_file(tmp_path, {"DEA": {"contact": {"desk": "x"}, "caveats": ["ORCON"]}})
    settings = neo4j_settings.model_copy(update={"api_config": bad, "api_production": True})
    with pytest.raises(ConfigurationError, match="originator_controlled"):
        create_app(settings)
