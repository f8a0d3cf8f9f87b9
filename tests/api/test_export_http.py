"""``GET /export`` over HTTP on the production app: authentication, the caller's view, coded errors,
the audit line. (That a partner's export holds exactly what its visible records would give is
``test_export_oracle.py``'s; here the same case as ``test_security_http.py``: DEA owns LES case
records (p:informant) and an ORCON source (p:source) and shares LES with HSI only; CBP holds no
DEA grant.)"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx
import pytest

from tests.api import test_security_http as security
from tests.api.test_security_http import as_agency, audit_lines, error

pytestmark = pytest.mark.neo4j

# The production app of test_security_http, under names of this module's own (pytest finds a fixture
# by the module attribute's name).
secured_db = security.secured_db
production = security.secured


@pytest.fixture
def url(production: tuple[str, Any]) -> str:
    return str(production[0])


def get(url: str, params: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
    return httpx.get(url.removesuffix("/graphql") + "/export", params=params, headers=headers, timeout=60)


def chart(url: str, agency: str, **params: Any) -> dict[str, Any]:
    response = get(url, {"format": "cytoscape", **params}, as_agency(agency))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == 'attachment; filename="chart.cyjs"'
    return dict(json.loads(response.content))


def node_ids(document: dict[str, Any]) -> set[str]:
    return {node["data"]["id"] for node in document["elements"]["nodes"]}


def markings_shown(document: dict[str, Any]) -> set[str]:
    elements = [*document["elements"]["nodes"], *document["elements"]["edges"]]
    return {mark for element in elements for mark in element["data"].get("sourceRecordMarkings", [])}


def test_each_agency_charts_what_it_may_see(url):
    dea, hsi, cbp = (chart(url, agency, ids="org:cartel", hops=2) for agency in ("DEA", "HSI", "CBP"))
    assert {"p:informant", "p:source"} <= node_ids(dea)
    assert "p:informant" in node_ids(hsi) and "p:source" not in node_ids(hsi)
    assert not {"p:informant", "p:source"} & node_ids(cbp)
    assert "DEA|ORCON" in markings_shown(dea)
    assert "DEA|ORCON" not in markings_shown(hsi)
    assert markings_shown(cbp) and all(not mark.startswith("DEA|") for mark in markings_shown(cbp))
    assert "DEA" not in json.dumps(cbp["elements"])  # no record, marking or agency names DEA's


def test_a_seed_the_caller_may_not_see_is_not_found_like_a_missing_one(url):
    hidden = get(url, {"format": "gexf", "ids": "p:informant"}, as_agency("CBP"))
    missing = get(url, {"format": "gexf", "ids": "p:nobody"}, as_agency("CBP"))
    assert hidden.status_code == missing.status_code == 400
    assert error(hidden) == ("BAD_USER_INPUT", "no node with id 'p:informant'")
    assert error(missing) == ("BAD_USER_INPUT", "no node with id 'p:nobody'")
    assert get(url, {"format": "gexf", "ids": "p:informant"}, as_agency("HSI")).status_code == 200


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"ids": "p:boss"}, "format: required"),
        ({"format": "pdf", "ids": "p:boss"}, "format: 'pdf' is not one of"),
        ({"format": "gexf"}, "give ids"),
        ({"format": "gexf", "ids": "p:boss", "hops": "9"}, "hops: 9 is not between 0 and 4"),
        ({"format": "gexf", "ids": "p:boss", "hops": "two"}, "hops: 'two' is not an integer"),
        ({"format": "gexf", "ids": "p:boss", "maxNodes": "0"}, "maxNodes: 0 is not between 1"),
        ({"format": "gexf", "ids": "p:boss", "depth": "1"}, "unknown argument 'depth'"),
        ({"format": "gexf", "ids": "p:boss", "layout": "circle"}, "layout: 'circle' is not one of auto"),
        ({"format": "gexf", "ids": "p:boss", "parameters": "{}"}, "parameters: given without"),
        ({"format": "gexf", "investigation": "x", "parameters": "[1]"}, "parameters: must be a JSON object"),
        ({"format": "gexf", "investigation": "x", "parameters": "{"}, "parameters: not JSON"),
        ({"format": "gexf", "investigation": "x", "parameters": "[" * 5000}, "parameters: not JSON"),
        ({"format": "gexf", "investigation": "x" * 600}, "investigation: longer than 512"),
        ({"format": "gexf", "ids": "p:boss", "clusters": "maybe"}, "clusters: 'maybe' is not true or false"),
        ({"format": "turtle", "ids": "p:boss", "clusters": "true"}, "clusters: the turtle export is"),
        (
            {"format": "neo4j-csv", "ids": "p:boss", "clusters": "1"},
            "clusters: the neo4j-csv export is records",
        ),
    ],
)
def test_bad_arguments_are_named(url, params, named):
    response = get(url, params, as_agency("CBP"))
    assert response.status_code == 400, response.text
    code, message = error(response)
    assert code == "BAD_USER_INPUT" and message.startswith(named), message


def test_more_fields_than_any_export_takes_are_refused(url):
    query = "format=gexf&ids=p:boss&" + "&".join("a=1" for _ in range(10_010))  # 40 kB: URLs allow 64
    response = httpx.get(
        url.removesuffix("/graphql") + "/export?" + query, headers=as_agency("CBP"), timeout=60
    )
    assert response.status_code == 400 and error(response)[1].startswith("too many arguments")


def test_unknown_investigation_credentials_and_method(url):
    response = get(url, {"format": "csv", "investigation": "nothing_like_it"}, as_agency("CBP"))
    assert (response.status_code, error(response)[0]) == (404, "NOT_FOUND")
    assert "nothing_like_it" in error(response)[1]
    response = get(url, {"format": "csv", "ids": "p:boss"}, {})
    assert (response.status_code, error(response)[0]) == (401, "UNAUTHENTICATED")
    base = url.removesuffix("/graphql")
    response = httpx.put(f"{base}/export?format=csv&ids=p:boss", headers=as_agency("CBP"), timeout=30)
    assert (response.status_code, error(response)[0]) == (405, "BAD_REQUEST")


def test_a_long_selection_is_posted_as_json(url):
    """Thousands of ids do not fit in a URL: POST takes the same arguments as a JSON object."""
    base = url.removesuffix("/graphql")
    body = {"format": "cytoscape", "ids": ["org:cartel", "p:boss"], "hops": 1}
    posted = httpx.post(f"{base}/export", json=body, headers=as_agency("CBP"), timeout=60)
    got = get(url, {"format": "cytoscape", "ids": "org:cartel,p:boss", "hops": "1"}, as_agency("CBP"))
    assert posted.status_code == 200 and posted.content == got.content
    clustered = httpx.post(
        f"{base}/export", json={**body, "clusters": True}, headers=as_agency("CBP"), timeout=60
    )
    assert clustered.status_code == 200  # no bitcoin address here: nothing drawn, the same chart
    assert clustered.content == posted.content
    for wrong, named in [
        ({"format": "cytoscape", "ids": "p:boss", "clusters": "yes"}, "clusters: 'yes' is not true"),
        ({"format": "cytoscape", "ids": "p:boss", "hops": True}, "hops: bool"),
        ({"format": "cytoscape", "ids": [1, 2]}, "ids: list"),
        ({"format": "cytoscape", "ids": ["p:informant"]}, "no node with id 'p:informant'"),
    ]:
        response = httpx.post(f"{base}/export", json=wrong, headers=as_agency("CBP"), timeout=60)
        assert response.status_code == 400 and error(response)[1].startswith(named), response.text
    response = httpx.post(f"{base}/export", content=b"[]", headers=as_agency("CBP"), timeout=60)
    assert error(response) == ("BAD_USER_INPUT", "POST the export's arguments as an application/json object")


def test_csv_comes_as_one_zip_and_every_export_is_audited(production):
    url, log = production
    before = len(audit_lines(log))
    response = get(url, {"format": "csv", "ids": "org:cartel,p:boss", "hops": "1"}, as_agency("CBP"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as packed:
        assert sorted(packed.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = packed.read("nodes.csv").decode().splitlines()
    assert nodes[0].startswith("Id,Label,type") and len(nodes) > 2
    lines = audit_lines(log)
    assert len(lines) == before + 1
    line = lines[-1]
    assert (line["agency"], line["operation"], line["status"], line["outcome"]) == (
        "CBP",
        "export csv",
        200,
        "ok",
    )
    assert line["variables"]["ids"] == ["org:cartel", "p:boss"] and line["variables"]["hops"] == 1
    assert line["resultBytes"] == len(response.content)
    assert line["counts"]["nodes"] == len(nodes) - 1


def test_export_link_gives_an_address_the_route_takes(url):
    query = """query Link($ids: [ID!]) { exportLink(format: "graphml", ids: $ids, hops: 1) }"""
    response = httpx.post(
        url, json={"query": query, "variables": {"ids": ["org:cartel"]}}, headers=as_agency("CBP"), timeout=30
    )
    assert response.status_code == 200, response.text
    link = response.json()["data"]["exportLink"]
    assert link == "/export?format=graphml&hops=1&ids=org%3Acartel"
    base = url.removesuffix("/graphql")
    chart = httpx.get(base + link, headers=as_agency("CBP"), timeout=60)
    assert chart.status_code == 200 and chart.headers["content-type"] == "application/graphml+xml"
    assert b"org:cartel" in chart.content and b"p:informant" not in chart.content
    wrong = httpx.post(
        url,
        json={"query": '{ exportLink(format: "pdf", ids: ["p:boss"]) }'},
        headers=as_agency("CBP"),
        timeout=30,
    )
    first = wrong.json()["errors"][0]
    assert first["extensions"]["code"] == "BAD_USER_INPUT" and first["message"].startswith("format: 'pdf'")
    clustered = httpx.post(
        url,
        json={"query": '{ exportLink(format: "gexf", ids: ["org:cartel"], clusters: true) }'},
        headers=as_agency("CBP"),
        timeout=30,
    )
    assert (
        clustered.json()["data"]["exportLink"] == "/export?format=gexf&hops=0&clusters=true&ids=org%3Acartel"
    )
    refused = httpx.post(
        url,
        json={"query": '{ exportLink(format: "nt", ids: ["org:cartel"], clusters: true) }'},
        headers=as_agency("CBP"),
        timeout=30,
    )
    assert refused.json()["errors"][0]["message"].startswith(
        "clusters: the nt export is the records as stored"
    )


def test_rdf_holds_what_the_caller_may_see(url):
    response = get(url, {"format": "turtle", "ids": "org:cartel", "hops": "2"}, as_agency("CBP"))
    assert response.status_code == 200 and response.headers["content-type"] == "text/turtle"
    assert b"cartel" in response.content
    assert b"informant" not in response.content and b"DEA|" not in response.content
    dea = get(url, {"format": "nt", "ids": "org:cartel", "hops": "2"}, as_agency("DEA"))
    assert dea.status_code == 200 and b"informant" in dea.content
