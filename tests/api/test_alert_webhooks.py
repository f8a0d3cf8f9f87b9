"""Signed alert webhooks (issue 21): the served API posts each new alert of an agency with a webhook
to a loopback receiver, signed; a receiver that is down or failing is retried with back-off and
never touches the ingest; an alert the agency may no longer see is withheld."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from chokepoint import composition
from chokepoint.alerts.webhooks import SIGNATURE_HEADER, WebhookOutbox, WebhookTarget, verify
from chokepoint.api.app import create_app
from chokepoint.api.security.config import MIN_WEBHOOK_SECRET
from chokepoint.api.security.credentials import key_digest, new_api_key
from chokepoint.errors import ConfigurationError
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import CypherQuery, load_query
from tests.api.alert_case import PUBLIC_FILE, CaseFile, address_id, address_node, ingest, transfer
from tests.api.conftest import _free_port, served_app

pytestmark = pytest.mark.neo4j

SECRET = "s" * MIN_WEBHOOK_SECRET
KEY = new_api_key()
WALLET, SENDER = "A4hook", "X4sender"
WATCH = 'mutation ($s: ID!) { watch(rule: "incoming_transfer", subject: $s) { id } }'
ATTEMPTS = CypherQuery(
    "attempts",
    "MATCH (x:Alert) RETURN x.webhookAttempts AS attempts, x.webhookError AS error, "
    "x.webhookDeliveredAt IS NOT NULL AS delivered, x.webhookGaveUpAt IS NOT NULL AS gaveUp",
)


class Receiver:
    """A loopback HTTP server that records what it is posted; it answers ``failures`` 500s first."""

    def __init__(self, port: int, failures: int = 0) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(500)
                else:
                    receiver.received.append((dict(self.headers), body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def eventually(check: Any, timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.1)


@pytest.fixture
def fired(graph, tmp_path) -> Path:
    """FBI's watch on a wallet, and one public transfer into it: one alert stored."""
    base = CaseFile("w-base", PUBLIC_FILE, nodes=[address_node(WALLET, "w"), address_node(SENDER, "s")])
    ingest(graph, base, tmp_path)
    return tmp_path


def test_the_served_api_posts_signed_alerts_and_retries_a_failing_receiver(
    fired, graph, neo4j_settings, monkeypatch
):
    port = _free_port()
    monkeypatch.setenv("FBI_WEBHOOK_SECRET", SECRET)
    access = {
        "agencies": {"FBI": {"api_keys": [{"sha256": key_digest(KEY)}]}},
        "webhooks": {"FBI": {"url": f"http://127.0.0.1:{port}/hook", "secret_env": "FBI_WEBHOOK_SECRET"}},
    }
    (fired / "access.yaml").write_text(yaml.safe_dump(access))
    settings = neo4j_settings.model_copy(update={"api_config": fired / "access.yaml"})
    with (
        served_app(create_app(settings), "api-webhook-server") as url,
        Receiver(port, failures=1) as receiver,
    ):
        answer = httpx.post(
            f"{url}/graphql",
            json={"query": WATCH, "variables": {"s": address_id(WALLET)}},
            headers={"X-API-Key": KEY},
            timeout=30,
        )
        assert "errors" not in answer.json(), answer.text
        started = time.monotonic()
        ingest(graph, CaseFile("w-ledger", PUBLIC_FILE).add(transfer("w-t1", SENDER, WALLET, 3.0)), fired)
        assert time.monotonic() - started < 10  # the ingest never waits for the receiver
        ((headers, body),) = eventually(lambda: receiver.received)  # the first attempt got a 500
    alert = json.loads(body)
    assert alert["agency"] == "FBI" and alert["subject"] == address_id(WALLET)
    assert alert["sourceRecord"] == "w-ledger:w-t1" and alert["rule"] == "incoming_transfer"
    assert verify(SECRET.encode(), body, headers[SIGNATURE_HEADER])
    assert not verify(b"x" * 32, body, headers[SIGNATURE_HEADER])
    assert not verify(SECRET.encode(), body + b" ", headers[SIGNATURE_HEADER])
    (row,) = graph.read(ATTEMPTS)
    assert row["attempts"] == 2 and row["delivered"]


def test_a_receiver_that_is_down_is_retried_with_back_off_until_it_answers(fired, graph, neo4j_settings):
    ingest_alert(graph, fired, neo4j_settings)
    port = _free_port()  # nothing listens there yet
    target = WebhookTarget("FBI", f"http://127.0.0.1:{port}/", SECRET.encode(), frozenset({"PUBLIC"}))

    async def passes(count: int) -> int:
        graph_ = await AsyncGraph.connect(neo4j_settings.bolt_uri, *composition.credentials(neo4j_settings))
        outbox = WebhookOutbox(graph_, {"FBI": target}, base_delay_s=0.5, max_attempts=5, timeout_s=2)
        attempted = 0
        try:
            async with httpx.AsyncClient(timeout=2) as client:
                for _ in range(count):
                    attempted += await outbox.deliver_due(client)
        finally:
            await graph_.close()
        return attempted

    assert asyncio.run(passes(3)) == 1  # attempted once; not due again within 0.5 s
    (row,) = graph.read(ATTEMPTS)
    assert row["attempts"] == 1 and not row["delivered"] and "ConnectError" in row["error"]
    time.sleep(0.6)
    assert asyncio.run(passes(1)) == 1
    assert asyncio.run(passes(1)) == 0  # the second delay is 1 s
    with Receiver(port) as receiver:
        time.sleep(1.1)
        assert asyncio.run(passes(1)) == 1
        assert len(receiver.received) == 1
    (row,) = graph.read(ATTEMPTS)
    assert row["attempts"] == 3 and row["delivered"]
    assert asyncio.run(passes(1)) == 0  # delivered once


def test_an_alert_the_agency_may_no_longer_see_is_withheld(fired, graph, neo4j_settings):
    ingest_alert(graph, fired, neo4j_settings)
    graph.write(CypherQuery("restrict", "MATCH (x:Alert) SET x.requires = ['DEA|LES']"))
    port = _free_port()
    target = WebhookTarget("FBI", f"http://127.0.0.1:{port}/", SECRET.encode(), frozenset({"PUBLIC"}))

    async def once() -> None:
        graph_ = await AsyncGraph.connect(neo4j_settings.bolt_uri, *composition.credentials(neo4j_settings))
        try:
            async with httpx.AsyncClient(timeout=2) as client:
                await WebhookOutbox(graph_, {"FBI": target}).deliver_due(client)
        finally:
            await graph_.close()

    with Receiver(port) as receiver:
        asyncio.run(once())
        assert receiver.received == []
    (row,) = graph.read(ATTEMPTS)
    assert row["gaveUp"] and row["error"].startswith("withheld")


def test_a_webhook_without_its_secret_stops_the_start(tmp_path, monkeypatch):
    from chokepoint.api.security.config import load_access_config

    monkeypatch.delenv("NO_SUCH_SECRET", raising=False)
    access = {
        "agencies": {"FBI": {"api_keys": [{"sha256": key_digest(KEY)}]}},
        "webhooks": {"FBI": {"url": "https://fbi.example/hook", "secret_env": "NO_SUCH_SECRET"}},
    }
    (tmp_path / "access.yaml").write_text(yaml.safe_dump(access))
    with pytest.raises(ConfigurationError, match=r"webhooks\.FBI: the environment variable NO_SUCH_SECRET"):
        load_access_config(tmp_path / "access.yaml")


def ingest_alert(graph, folder: Path, settings) -> None:
    """One stored alert of FBI's (watch made in-process, as the API makes it)."""
    from chokepoint.api.schema import build_registry, build_schema
    from chokepoint.api.security.config import AccessConfig
    from chokepoint.api.security.policy import viewer_for
    from tests.api.conftest import InProcessApi

    registry = build_registry(composition.model_of(settings))
    api = InProcessApi(settings, build_schema(registry), registry)
    outcome = api.run(WATCH, viewer_for("FBI", AccessConfig()), s=address_id(WALLET))
    assert not outcome.errors, outcome.errors
    fired = ingest(
        graph, CaseFile("w-ledger", PUBLIC_FILE).add(transfer("w-t1", SENDER, WALLET, 3.0)), folder
    )
    assert len(fired) == 1
    assert graph.read(load_query("watch_active"))
