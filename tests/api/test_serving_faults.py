"""Serving under faults, on the real Neo4j: timeouts the database enforces, requests cancelled with
their transaction when the client goes away, a per-agency limit on expensive requests, and outages
answered at once with a coded 503 (the outage is a TCP proxy cut, so the shared Neo4j keeps running).

The slow read is a saved investigation that counts to four billion: seconds of one core, no data.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.api.http import HttpRequest
from chokepoint.api.reads import all_grants
from chokepoint.api.viewer import Viewer
from chokepoint.errors import QueryTimedOut
from chokepoint.graph.async_adapter import AsyncGraph, ReadPolicy
from chokepoint.graph.queries import CypherQuery
from chokepoint.settings import Settings
from tests.api.conftest import served_app
from tests.api.tcp_proxy import TcpProxy

pytestmark = pytest.mark.neo4j

SLOW_TEXT = "UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"
SLOW_INVESTIGATION = f"""// name: slow_count
// description: Counts to four billion (a test of timeouts and cancellation).
{SLOW_TEXT.replace("x % 7 = 0", "x % 7 = 0 AND size($grants) > 0")}
"""
QUICK_INVESTIGATION = """// name: quick_count
// description: Counts the cartel's members.
MATCH (cartel:Organization {id: 'org:cartel'})<-[member:MEMBER_OF]-(m)
WHERE any(g IN cartel.markings WHERE g IN $grants) AND any(g IN member.markings WHERE g IN $grants)
  AND any(g IN m.markings WHERE g IN $grants)
RETURN count(m) AS members
"""
RUN = "query ($name: String!) { runInvestigation(name: $name) { columns totalCount edges { node } } }"
ENTITY = 'query { entity(id: "org:cartel") { id displayName } }'
RUNNING = CypherQuery(
    "running slow reads",
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS $marker "
    "RETURN count(*) AS running",
)


@pytest.fixture(scope="module")
def queries_dir(tmp_path_factory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("faults-queries")
    (folder / "slow_count.cypher").write_text(SLOW_INVESTIGATION)
    (folder / "quick_count.cypher").write_text(QUICK_INVESTIGATION)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHOKEPOINT_QUERIES_DIR", str(folder))
        yield folder


def running_slow_reads(settings: Settings) -> int:
    with composition.connect(settings) as graph:
        rows = graph.read(RUNNING, marker="range(1, 4000000000)")
    return int(rows[0]["running"])


def wait_for(condition, what: str, limit_s: float = 60.0) -> None:
    """Poll ``condition`` (bounded): the tests check that things happen, not how fast."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {limit_s:.0f} s"
        time.sleep(0.2)


class AgencyHeader:
    """Authenticates by an ``x-agency`` header; every agency holds every grant of the database."""

    async def __call__(self, request: HttpRequest, graph: AsyncGraph) -> Viewer:
        return Viewer.of(request.headers.get("x-agency", "DEA"), await all_grants(graph))


@contextmanager
def served(settings: Settings) -> Iterator[str]:
    """The API app over ``settings`` on uvicorn in a thread; its base URL."""
    with served_app(create_app(settings, authenticate=AgencyHeader()), "faults-api") as url:
        yield url


def audit_lines(settings: Settings) -> list[dict[str, Any]]:
    path = settings.api_audit_path
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def post(url: str, query: str, agency: str = "DEA", **variables: Any) -> httpx.Response:
    return httpx.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables},
        headers={"x-agency": agency},
        timeout=120,
    )


@pytest.fixture
def faults_settings(case_db, queries_dir, tmp_path) -> Settings:
    return case_db.model_copy(
        update={
            "api_investigation_timeout_s": 1.0,
            "api_audit_log": tmp_path / "audit.jsonl",
            "queries_dir": queries_dir,  # the app reads the folder from its settings when built
        }
    )


def test_a_read_past_its_timeout_is_stopped_by_the_database(case_db):
    async def slow_read() -> None:
        user, password = composition.credentials(case_db)
        graph = await AsyncGraph.connect(
            case_db.bolt_uri, user, password, case_db.neo4j_database, ReadPolicy(timeout_s=1.0)
        )
        session = graph.session()
        try:
            await session.read(CypherQuery("slow count", SLOW_TEXT))
        finally:
            await session.close()
            await graph.close()

    with pytest.raises(QueryTimedOut, match="slow count ran longer than its 1 s limit"):
        asyncio.run(slow_read())
    assert running_slow_reads(case_db) == 0


def test_a_saved_investigation_past_its_timeout_gets_a_timeout_error(faults_settings):
    with served(faults_settings) as url:
        answer = post(url, RUN, name="slow_count")
        quick = post(url, RUN, name="quick_count")
    assert answer.status_code == 200
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == "TIMEOUT" and error["path"] == ["runInvestigation"]
    assert error["message"] == "investigation slow_count ran longer than its 1 s limit and was stopped"
    assert quick.json() == {
        "data": {
            "runInvestigation": {"columns": ["members"], "totalCount": 1, "edges": [{"node": {"members": 5}}]}
        }
    }
    assert running_slow_reads(faults_settings) == 0
    timed_out, ok = audit_lines(faults_settings)
    assert (timed_out["outcome"], timed_out["errors"], timed_out["agency"]) == ("timeout", ["TIMEOUT"], "DEA")
    assert ok["outcome"] == "ok"


def send_raw(url: str, query: str, agency: str) -> socket.socket:
    """A POST written on a raw socket, left open: the test decides when the client goes away."""
    body = json.dumps({"query": query, "variables": {"name": "slow_count"}}).encode()
    host, port = url.removeprefix("http://").split(":")
    client = socket.create_connection((host, int(port)))
    head = (
        f"POST /graphql HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
        f"x-agency: {agency}\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    client.sendall(head.encode() + body)
    return client


def test_a_request_whose_client_goes_away_is_cancelled_with_its_transaction(faults_settings):
    patient = faults_settings.model_copy(update={"api_investigation_timeout_s": 600.0})
    with served(patient) as url:
        client = send_raw(url, RUN, "DEA")
        wait_for(lambda: running_slow_reads(patient) == 1, "the slow read starting")
        client.close()
        wait_for(lambda: running_slow_reads(patient) == 0, "the transaction ending with its client")
        wait_for(lambda: len(audit_lines(patient)) == 1, "the audit line")
        assert post(url, ENTITY).json() == {
            "data": {"entity": {"id": "org:cartel", "displayName": "SINALOA TEST CARTEL"}}
        }
    cancelled = audit_lines(patient)[0]
    assert (cancelled["status"], cancelled["outcome"], cancelled["errors"]) == (
        499,
        "cancelled",
        ["CLIENT_CLOSED_REQUEST"],
    )


def test_one_agency_cannot_run_more_expensive_requests_at_once_than_its_limit(faults_settings):
    limited = faults_settings.model_copy(
        update={"api_investigation_timeout_s": 600.0, "api_expensive_per_agency": 1}
    )
    with served(limited) as url:
        first = send_raw(url, RUN, "DEA")
        wait_for(lambda: running_slow_reads(limited) == 1, "the slow read starting")
        refused = post(url, RUN, "DEA", name="quick_count")
        cheap = post(url, ENTITY, "DEA")
        other_agency = post(url, RUN, "HSI", name="quick_count")
        first.close()
        wait_for(lambda: running_slow_reads(limited) == 0, "the slow read ending")
        wait_for(lambda: len(audit_lines(limited)) == 4, "the audit lines")
        after = post(url, RUN, "DEA", name="quick_count")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "2"
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "TOO_MANY_REQUESTS"
    assert error["message"].startswith(
        "Too many expensive requests at once for agency DEA (at most 1 running)"
    )
    assert cheap.status_code == 200 and "errors" not in cheap.json()
    assert (
        other_agency.status_code == 200 and other_agency.json()["data"]["runInvestigation"]["totalCount"] == 1
    )
    assert after.status_code == 200 and "errors" not in after.json()
    lines = {(line["agency"], line["status"]): line for line in audit_lines(limited)}
    assert lines[("DEA", 429)]["outcome"] == "rejected" and lines[("DEA", 429)]["errors"] == [
        "TOO_MANY_REQUESTS"
    ]


def test_an_outage_gets_coded_503s_without_addresses_and_service_comes_back(case_db, tmp_path):
    target = case_db.bolt_uri.split("://", 1)[1]
    host, port = target.rsplit(":", 1)
    with TcpProxy(host, int(port)) as proxy:
        through = {"api_audit_log": tmp_path / "audit.jsonl", "api_read_retry_s": 0.5}
        through |= (
            {"bolt_port": proxy.port} if case_db.embedded else {"neo4j_uri": f"bolt://127.0.0.1:{proxy.port}"}
        )
        settings = case_db.model_copy(update=through)
        with served(settings) as url:
            before = post(url, ENTITY)
            assert httpx.get(f"{url}/ready").json() == {"status": "ready"}
            proxy.cut()
            during = [post(url, ENTITY), post(url, RUN, name="quick_count")]
            health, ready = httpx.get(f"{url}/health"), httpx.get(f"{url}/ready")
            proxy.restore()
            wait_for(lambda: httpx.get(f"{url}/ready").status_code == 200, "readiness after the outage")
            after = post(url, ENTITY)
    assert before.status_code == 200 and after.json() == before.json()
    for answer in during:
        assert answer.status_code == 503 and answer.headers["retry-after"] == "2"
        assert answer.json() == {
            "errors": [
                {
                    "message": "The database is unavailable; retry shortly.",
                    "extensions": {"code": "SERVICE_UNAVAILABLE"},
                }
            ]
        }
    assert (health.status_code, ready.status_code, ready.headers["retry-after"]) == (200, 503, "2")
    outcomes = [line["outcome"] for line in audit_lines(settings)]
    assert outcomes == ["ok", "unavailable", "unavailable", "ok"]
