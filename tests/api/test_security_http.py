"""Security end to end over HTTP: the production app (access file, keys, JWTs, sharing policy,
limits, persisted queries, audit log) on uvicorn against the real Neo4j.

Agencies: DEA owns the LES case records (p:informant and its links) and an ORCON source
(p:source); DEA shares LES with HSI only. CBP (API key) and IRS-CI (JWT) hold no DEA grant.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import yaml

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.api.security.credentials import key_digest, new_api_key
from chokepoint.api.security.persisted import query_hash
from chokepoint.settings import Settings
from tests.api.conftest import DATA, served_app
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j

SECRET = "irs-ci-shared-secret-" + "x" * 32
KEYS = {agency: new_api_key() for agency in ("DEA", "HSI", "CBP")}
ALLOWED = 'query Boss { entity(id: "p:boss") { id } }'


def irs_token(**overrides: Any) -> str:
    claims = {"iss": "irs-idp", "aud": "chokepoint", "sub": "agent-1", "exp": int(time.time()) + 300}
    claims.update(overrides)
    return jwt.encode(claims, SECRET, algorithm="HS256")


def access_file(folder: Path, *, only: bool) -> Path:
    (folder / "persisted.json").write_text(json.dumps({query_hash(ALLOWED): ALLOWED}))
    access = {
        "agencies": {
            **{agency: {"api_keys": [{"sha256": key_digest(key)}]} for agency, key in KEYS.items()},
            "IRS-CI": {},
        },
        "jwt_issuers": [
            {
                "issuer": "irs-idp",
                "agency": "IRS-CI",
                "audience": "chokepoint",
                "algorithm": "HS256",
                "secret_env": "H5B_IRS_SECRET",
            }
        ],
        "sharing": {"DEA": {"LES": ["HSI"]}},
        "limits": {"max_depth": 8, "max_aliases": 5, "max_tokens": 400, "max_cost": 3000},
        "persisted_queries": {"file": "persisted.json", "only": only},
    }
    path = folder / "access.yaml"
    path.write_text(yaml.safe_dump(access))
    return path


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The production app over ``settings``, served; its GraphQL URL."""
    with served_app(create_app(settings), "api-security-server") as url:
        yield f"{url}/graphql"


@pytest.fixture(scope="module")
def secured_db(case_db, tmp_path_factory) -> Settings:
    with composition.connect(case_db) as graph:
        for report in load(graph, "records", DATA / "orcon.json", tmp_path_factory.mktemp("orcon")):
            assert not report.rejected, report.rejected
    return case_db


def production_settings(base: Settings, folder: Path, *, only: bool) -> Settings:
    update = {
        "api_config": access_file(folder, only=only),
        "api_production": True,
        "api_audit_log": folder / "audit.jsonl",
    }
    return base.model_copy(update=update)


@pytest.fixture(scope="module")
def secured(secured_db, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The production app's URL and its audit log."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("H5B_IRS_SECRET", SECRET)
        settings = production_settings(secured_db, tmp_path_factory.mktemp("secured"), only=False)
        with serving(settings) as url:
            yield url, settings.api_audit_path


@pytest.fixture
def url(secured) -> str:
    return secured[0]


def post(url: str, body: Any, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
    return httpx.post(url, json=body, headers=headers or {}, timeout=30, **kwargs)


def as_agency(agency: str) -> dict[str, str]:
    if agency == "IRS-CI":
        return {"Authorization": f"Bearer {irs_token()}"}
    return {"X-API-Key": KEYS[agency]} if agency == "CBP" else {"Authorization": f"Bearer {KEYS[agency]}"}


def data(url: str, agency: str, query: str, **variables: Any) -> dict[str, Any]:
    response = post(url, {"query": query, "variables": variables}, as_agency(agency))
    assert response.status_code == 200, response.text
    payload = response.json()
    assert "errors" not in payload, payload
    return dict(payload["data"])


def error(response: httpx.Response) -> tuple[str, str]:
    first = response.json()["errors"][0]
    return first["extensions"]["code"], first["message"]


# --- authentication -------------------------------------------------------------------------------

GARBAGE_HEADERS = [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Basic ZGVhOmRlYQ=="},
    {"Authorization": "Bearer not-a-key"},
    {"Authorization": "Bearer " + "A" * 10_000},
    {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJpcnMtaWRwIn0."},
    {"Authorization": "Bearer a.b.c"},
    {"X-API-Key": "' OR 1=1 --"},
    {"X-API-Key": KEYS["DEA"], "Authorization": f"Bearer {KEYS['DEA']}"},
]


@pytest.mark.parametrize("headers", GARBAGE_HEADERS)
def test_missing_or_bad_credentials_get_401_and_run_nothing(url, headers):
    response = post(url, {"query": '{ entity(id: "p:boss") { id } }'}, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    code, message = error(response)
    assert code == "UNAUTHENTICATED" and message
    assert response.json().get("data") is None


def test_expired_forged_and_foreign_jwts_get_401(url):
    for token in (
        irs_token(exp=int(time.time()) - 600),
        irs_token(aud="other-service"),
        irs_token(iss="unknown-idp"),
        jwt.encode({"iss": "irs-idp", "aud": "chokepoint", "exp": int(time.time()) + 60}, "f" * 48),
    ):
        response = post(url, {"query": "{ __typename }"}, {"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert error(response)[1].startswith("JWT rejected")


def test_non_ascii_header_bytes_get_401(url):
    response = httpx.post(
        url,
        content=b'{"query": "{ __typename }"}',
        headers=[(b"content-type", b"application/json"), (b"x-api-key", "ключ".encode())],
        timeout=30,
    )
    assert response.status_code == 401


# --- the sharing policy, end to end ------------------------------------------------------------------

LEAK_QUERIES = {
    "entity": ('{ entity(id: "p:informant") { id } }', lambda d: d["entity"] is not None),
    "search": (
        '{ search(text: "Informante", first: 5) { totalCount } }',
        lambda d: d["search"]["totalCount"] > 0,
    ),
    "neighbor counts": (
        '{ neighbors(id: "org:cartel") { totalCount countsByType { incoming } } }',
        lambda d: d["neighbors"]["totalCount"] > 4,
    ),
    "nested neighbours": (
        '{ entity(id: "p:broker") { neighbors(relTypes: ["ASSOCIATE_OF"]) { totalCount } } }',
        lambda d: d["entity"]["neighbors"]["totalCount"] > 0,
    ),
    "paths": (
        '{ paths(from: "p:broker", to: "p:boss", maxHops: 4, first: 25) { edges { node { length } } } }',
        lambda d: any(e["node"]["length"] < 4 for e in d["paths"]["edges"]),
    ),
    "address exposure": (
        """{ address(chain: "bitcoin", address: "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") {
             sanctionsExposure(maxHops: 6, relTypes: ["CONTROLS_ADDRESS", "ASSOCIATE_OF"]) { hops } } }""",
        lambda d: d["address"]["sanctionsExposure"] is not None,
    ),
}


@pytest.mark.parametrize("name", sorted(LEAK_QUERIES))
def test_dea_les_records_show_to_dea_and_hsi_only(url, name):
    query, shows_restricted = LEAK_QUERIES[name]
    seen = {agency: shows_restricted(data(url, agency, query)) for agency in ("DEA", "HSI", "CBP", "IRS-CI")}
    assert seen == {"DEA": True, "HSI": True, "CBP": False, "IRS-CI": False}


def test_orcon_records_show_to_their_originator_only(url):
    query = '{ entity(id: "p:source") { id caveat } neighbors(id: "org:cartel") { totalCount } }'
    dea = data(url, "DEA", query)
    assert dea["entity"] == {"id": "p:source", "caveat": "ORCON"}
    hsi = data(url, "HSI", query)  # HSI holds DEA|LES, never DEA|ORCON
    assert hsi["entity"] is None
    assert hsi["neighbors"]["totalCount"] == dea["neighbors"]["totalCount"] - 1


# --- limits, introspection, masking -------------------------------------------------------------------


def deep_query(levels: int) -> str:
    inner = "id"
    for _ in range(levels):
        inner = f"neighbors(first: 1) {{ edges {{ node {{ {inner} }} }} }}"
    return f'{{ entity(id: "p:boss") {{ {inner} }} }}'


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (deep_query(3), "DEPTH_LIMIT_EXCEEDED"),
        (
            "{ " + " ".join(f'a{i}: entity(id: "p:boss") {{ id }}' for i in range(10)) + " }",
            "ALIAS_LIMIT_EXCEEDED",
        ),
        ('{ entity(id: "p:boss") { ' + "id " * 1000 + "} }", "TOKEN_LIMIT_EXCEEDED"),
        (
            '{ search(text: "member", first: 100) { edges { node { '
            "neighbors(first: 100) { totalCount } } } } }",
            "COST_LIMIT_EXCEEDED",
        ),
        ("{ __schema { types { name } } }", "INTROSPECTION_DISABLED"),
    ],
)
def test_limits_reject_with_clear_codes(url, query, code):
    response = post(url, {"query": query}, as_agency("DEA"))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    payload = response.json()
    assert "data" not in payload  # a request error: nothing ran
    assert {e["extensions"]["code"] for e in payload["errors"]} == {code}


def test_oversized_bodies_are_refused_before_parsing(url):
    response = post(url, {"query": "{ __typename " + " " * 1_100_000 + "}"}, as_agency("DEA"))
    assert response.status_code == 413
    assert error(response)[0] == "BAD_REQUEST"


def test_expected_errors_stay_clear_and_typename_still_works(url):
    response = post(url, {"query": '{ search(text: "x", first: 1000) { totalCount } }'}, as_agency("DEA"))
    assert error(response) == (
        "BAD_USER_INPUT",
        "first: 1000 is out of range; ask for 0 to 100 items per page",
    )
    assert data(url, "DEA", "{ __typename }") == {"__typename": "Query"}


# --- persisted queries --------------------------------------------------------------------------------


def persisted(sha256: str, query: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256}}}
    if query is not None:
        body["query"] = query
    return body


def test_persisted_queries_by_hash_and_apq_registration(url):
    by_hash = post(url, persisted(query_hash(ALLOWED)), as_agency("CBP"))
    assert by_hash.json() == {"data": {"entity": {"id": "p:boss"}}}
    other = '{ entity(id: "p:broker") { id } }'
    unknown = post(url, persisted(query_hash(other)), as_agency("CBP"))
    assert unknown.status_code == 400 and "data" not in unknown.json()
    assert error(unknown)[0] == "PERSISTED_QUERY_NOT_FOUND"
    legacy = post(url, persisted(query_hash(other)), {**as_agency("CBP"), "Accept": "application/json"})
    assert legacy.status_code == 200 and error(legacy)[0] == "PERSISTED_QUERY_NOT_FOUND"
    registered = post(url, persisted(query_hash(other), other), as_agency("CBP"))
    assert registered.json() == {"data": {"entity": {"id": "p:broker"}}}
    assert post(url, persisted(query_hash(other)), as_agency("CBP")).json() == registered.json()
    mismatch = post(url, persisted(query_hash(other), ALLOWED), as_agency("CBP"))
    assert mismatch.status_code == 400 and error(mismatch)[0] == "PERSISTED_QUERY_HASH_MISMATCH"
    bad = post(url, persisted("zz"), as_agency("CBP"))
    assert bad.status_code == 400 and "64 hexadecimal" in error(bad)[1]


def test_strict_mode_accepts_only_allow_listed_queries(secured_db, tmp_path, monkeypatch):
    monkeypatch.setenv("H5B_IRS_SECRET", SECRET)
    with serving(production_settings(secured_db, tmp_path, only=True)) as strict:
        assert post(strict, persisted(query_hash(ALLOWED)), as_agency("DEA")).json()["data"] == {
            "entity": {"id": "p:boss"}
        }
        assert post(strict, {"query": ALLOWED}, as_agency("DEA")).status_code == 200
        refused = post(strict, {"query": '{ entity(id: "p:broker") { id } }'}, as_agency("DEA"))
        assert refused.status_code == 400
        assert error(refused)[0] == "PERSISTED_QUERY_NOT_ALLOWED"


# --- the audit log ------------------------------------------------------------------------------------


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_every_request_writes_exactly_one_audit_line(secured):
    url, log = secured
    requests = [
        (
            {
                "query": "query Who($id: ID!) { entity(id: $id) { id } }",
                "variables": {"id": "p:boss", "apiToken": "s3cret"},
            },
            as_agency("DEA"),
            200,
            "ok",
        ),
        ({"query": "{ __typename }"}, {}, 401, "rejected"),
        ({"query": deep_query(3)}, as_agency("HSI"), 400, "rejected"),
        ({"query": '{ search(text: "x", first: -1) { totalCount } }'}, as_agency("CBP"), 200, "error"),
        ({"variables": {}}, as_agency("DEA"), 400, "rejected"),
        (
            {"query": '{ search(text: "member", first: 3) { totalCount } }'},
            {"Authorization": f"Bearer {irs_token()}"},
            200,
            "ok",
        ),
    ]
    for body, headers, status, outcome in requests:
        before = len(audit_lines(log))
        response = post(url, body, headers)
        assert response.status_code == status, response.text
        lines = audit_lines(log)
        assert len(lines) == before + 1, body
        assert lines[-1]["outcome"] == outcome and lines[-1]["status"] == status
        assert lines[-1]["resultBytes"] == len(response.content)
        assert lines[-1]["durationMs"] >= 0
    last = audit_lines(log)[-len(requests) :]
    first = last[0]
    assert (first["agency"], first["operation"], first["counts"]) == ("DEA", "Who", {"entity": 1})
    assert first["variables"] == {"id": "p:boss", "apiToken": "[REDACTED]"}
    assert first["queryHash"] == query_hash(requests[0][0]["query"])
    assert (last[1]["agency"], last[1]["errors"]) == (None, ["UNAUTHENTICATED"])
    assert last[2]["errors"] == ["DEPTH_LIMIT_EXCEEDED"]
    assert last[3]["errors"] == ["BAD_USER_INPUT"]
    assert last[5]["agency"] == "IRS-CI" and last[5]["counts"]["search"] >= 1
    assert "s3cret" not in log.read_text()


# --- issue 15: client mistakes, persisted-query privacy, audit of routing errors --------------------------

OUT_OF_RANGE = base64.urlsafe_b64encode(b"cp1:2147483648").decode()
INVALID = "GRAPHQL_VALIDATION_FAILED"
CURSOR_QUERIES = {
    "search": '{ search(text: "member", after: "%s") { totalCount } }',
    "neighbors": '{ neighbors(id: "p:boss", after: "%s") { totalCount } }',
    "holders": """{ address(chain: "bitcoin", address: "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") {
        holders(after: "%s") { totalCount } } }""",
    "supplyChains": '{ supplyChains(after: "%s") { totalCount } }',
}


@pytest.mark.parametrize("field", sorted(CURSOR_QUERIES))
def test_a_cursor_out_of_range_is_bad_user_input(url, field):
    """A field error (the argument is checked by its resolver): the operation ran, so 200 with ``data``
    under either media type (GraphQL over HTTP), the field null and the error naming the argument."""
    response = post(url, {"query": CURSOR_QUERIES[field] % OUT_OF_RANGE}, as_agency("DEA"))
    assert response.status_code == 200 and "data" in response.json()
    assert response.json()["errors"][0]["path"][-1] == field
    assert error(response) == (
        "BAD_USER_INPUT",
        f"after: {OUT_OF_RANGE[:40]!r} is out of range; cursors name positions 0 to 2000000000",
    )


SEARCH_FIRST = 'query ($f: Int) { search(text: "x", first: $f) { totalCount } }'
CLIENT_MISTAKES = [
    ({"query": "{ ...Missing }"}, INVALID),
    ({"query": "query A { __typename }", "operationName": "B"}, "BAD_REQUEST"),
    ({"query": "query A { __typename } query B { __typename }"}, "BAD_REQUEST"),
    ({"query": '{ search(text: "x", first: 99999999999) { totalCount } }'}, INVALID),
    ({"query": SEARCH_FIRST, "variables": {"f": 99999999999}}, "BAD_USER_INPUT"),
    ({"query": SEARCH_FIRST, "variables": {"f": "ten"}}, "BAD_USER_INPUT"),
    ({"query": '{ entity(id: "p:boss") { displayNam } }'}, INVALID),
    ({"query": "{ entity(id: "}, "GRAPHQL_PARSE_FAILED"),
]
MEDIA = {  # Accept -> status of a request error, content type (GraphQL over HTTP, "Status Codes")
    None: (400, "application/graphql-response+json"),
    "*/*": (400, "application/graphql-response+json"),
    "application/graphql-response+json, application/json;q=0.9": (400, "application/graphql-response+json"),
    "application/json": (200, "application/json"),
}


@pytest.mark.parametrize("accept", list(MEDIA))
@pytest.mark.parametrize(("body", "code"), CLIENT_MISTAKES)
def test_client_mistakes_are_coded_request_errors_never_500(url, body, code, accept):
    with httpx.Client(timeout=30) as client:
        if accept is None:
            del client.headers["accept"]  # httpx sends */* unless told otherwise
        else:
            client.headers["accept"] = accept
        response = client.post(url, json=body, headers=as_agency("DEA"))
    status, media = MEDIA[accept]
    assert (response.status_code, response.headers["content-type"]) == (status, f"{media}; charset=utf-8")
    assert "data" not in response.json(), response.text  # nothing ran
    assert error(response)[0] == code
    assert "Did you mean" not in response.text  # introspection is off: no suggestions either


def test_an_accept_header_naming_neither_media_type_is_406(url, secured):
    response = post(url, {"query": "{ __typename }"}, as_agency("DEA") | {"Accept": "text/html"})
    assert response.status_code == 406 and error(response)[0] == "NOT_ACCEPTABLE"
    assert audit_lines(secured[1])[-1]["agency"] == "DEA"


def test_the_doubling_fragments_are_refused(url):
    fragments = " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(20))
    query = "query B{...F0} " + fragments + " fragment F20 on Query{a:__typename}"
    response = post(url, {"query": query}, as_agency("DEA"))
    assert response.status_code == 400 and "data" not in response.json()
    assert {e["extensions"]["code"] for e in response.json()["errors"]} >= {"ALIAS_LIMIT_EXCEEDED"}


def test_apq_registrations_are_private_to_each_agency(url):
    query = '{ entity(id: "p:broker") { id displayName } }'
    assert post(url, persisted(query_hash(query), query), as_agency("DEA")).status_code == 200
    assert "errors" not in post(url, persisted(query_hash(query)), as_agency("DEA")).json()
    other = post(url, persisted(query_hash(query)), as_agency("HSI"))
    assert error(other)[0] == "PERSISTED_QUERY_NOT_FOUND"


def test_routing_errors_are_audited_with_the_agency(secured):
    url, log = secured
    root = url.removesuffix("/graphql")
    assert httpx.get(f"{root}/nope", headers=as_agency("CBP"), timeout=30).status_code == 404
    assert httpx.get(url, headers=as_agency("HSI"), timeout=30).status_code == 405
    assert httpx.get(f"{root}/nope", timeout=30).status_code == 401
    last = audit_lines(log)[-3:]
    assert [(line["status"], line["agency"]) for line in last] == [(404, "CBP"), (405, "HSI"), (401, None)]
