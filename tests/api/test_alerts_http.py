"""Watches and alerts end to end on the production app (issue 21): the watch mutation over HTTP with
keys, audit and coded errors, and live alerts over WebSocket (graphql-transport-ws) to a real client
(gql), each agency receiving its own alerts only, within a second of the ingest that fired them."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
import yaml
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.api.security.credentials import key_digest, new_api_key
from chokepoint.api.websocket import PROTOCOL
from chokepoint.graph.queries import load_query
from tests.api.alert_case import DEA_LES, PUBLIC_FILE, CaseFile, address_id, address_node, ingest, transfer
from tests.api.conftest import served_app

pytestmark = pytest.mark.neo4j

KEYS = {agency: new_api_key() for agency in ("FBI", "DEA")}
WALLET, SENDER = "A3hotwallet", "X3sender"
WATCH = """mutation ($subject: ID!) { watch(rule: "incoming_transfer", subject: $subject,
  parameters: {asset: "BTC", minAmount: 1}) { id rule subject parameters } }"""
LIVE = gql("subscription { alerts { id rule subject summary sourceRecord entities { id } } }")


@pytest.fixture(scope="module")
def served(neo4j_settings, tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    folder = tmp_path_factory.mktemp("alerts-http")
    access = {"agencies": {a: {"api_keys": [{"sha256": key_digest(k)}]} for a, k in KEYS.items()}}
    (folder / "access.yaml").write_text(yaml.safe_dump(access))
    with composition.connect(neo4j_settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        base = CaseFile("h-base", PUBLIC_FILE, nodes=[address_node(WALLET, "w"), address_node(SENDER, "s")])
        ingest(graph, base, folder)
    settings = neo4j_settings.model_copy(
        update={
            "api_config": folder / "access.yaml",
            "api_production": True,
            "api_audit_log": folder / "audit.jsonl",
        }
    )
    with served_app(create_app(settings), "api-alerts-server", ws="websockets-sansio") as url:
        yield url, folder, folder / "audit.jsonl"


def post(url: str, agency: str, query: str, **variables: Any) -> httpx.Response:
    body = {"query": query, "variables": variables}
    return httpx.post(f"{url}/graphql", json=body, headers={"X-API-Key": KEYS[agency]}, timeout=30)


def socket(url: str, agency: str | None, key: str | None = None) -> WebsocketsTransport:
    payload = {"X-API-Key": key or KEYS[agency or "FBI"]}
    return WebsocketsTransport(
        url=url.replace("http://", "ws://") + "/graphql",
        init_payload=payload,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )


def test_the_watch_mutation_is_authenticated_audited_and_coded(served):
    url, _, audit = served
    answer = post(url, "FBI", WATCH, subject=address_id(WALLET))
    assert answer.status_code == 200, answer.text
    watch = answer.json()["data"]["watch"]
    assert watch["parameters"] == {"asset": "BTC", "minAmount": 1.0}
    line = json.loads(audit.read_text().splitlines()[-1])
    assert line["agency"] == "FBI" and line["outcome"] == "ok"
    bad = post(
        url,
        "FBI",
        'mutation { watch(rule: "incoming_transfer", subject: "x", parameters: {minAmount: -5}) { id } }',
    )
    assert bad.status_code == 200
    (error,) = bad.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "parameters.minAmount" in error["message"]
    anonymous = httpx.post(f"{url}/graphql", json={"query": WATCH, "variables": {"subject": "x"}}, timeout=30)
    assert anonymous.status_code == 401
    over_http = post(url, "FBI", "subscription { alerts { id } }")
    assert over_http.status_code in (200, 400) and over_http.json()["errors"], over_http.text
    assert all(e["extensions"]["code"] != "INTERNAL_SERVER_ERROR" for e in over_http.json()["errors"])
    post(url, "FBI", "mutation ($id: ID!) { unwatch(id: $id) { id } }", id=watch["id"])


def test_alerts_arrive_live_to_their_agency_only_within_a_second(served, neo4j_settings):
    url, folder, _ = served
    fbi_watch = post(url, "FBI", WATCH, subject=address_id(WALLET)).json()["data"]["watch"]["id"]
    dea_watch = post(url, "DEA", WATCH, subject=address_id(WALLET)).json()["data"]["watch"]["id"]

    async def listen(agency: str, count: int, timeout_s: float) -> list[tuple[dict[str, Any], float]]:
        received: list[tuple[dict[str, Any], float]] = []
        async with Client(transport=socket(url, agency)) as session:
            try:
                async with asyncio.timeout(timeout_s):
                    async for event in session.subscribe(LIVE):
                        received.append((event["alerts"], time.monotonic()))
                        if len(received) == count:
                            break
            except TimeoutError:
                pass
        return received

    def load(case: CaseFile) -> float:
        with composition.connect(neo4j_settings) as graph:
            ingest(graph, case, folder)
        return time.monotonic()

    async def scenario() -> tuple[Any, Any, float, float]:
        fbi = asyncio.create_task(listen("FBI", 1, 20))
        dea = asyncio.create_task(listen("DEA", 2, 20))
        await asyncio.sleep(1.5)  # both subscribed
        hidden = CaseFile("h-dea", DEA_LES).add(transfer("h-t1", SENDER, WALLET, 4.0))
        hidden_done = await asyncio.to_thread(load, hidden)
        public = CaseFile("h-public", PUBLIC_FILE).add(transfer("h-t2", SENDER, WALLET, 2.0))
        public_done = await asyncio.to_thread(load, public)
        return await fbi, await dea, hidden_done, public_done

    fbi, dea, hidden_done, public_done = asyncio.run(scenario())
    assert [event["sourceRecord"] for event, _ in fbi] == ["h-public:h-t2"]  # never DEA's hidden one
    assert [event["sourceRecord"] for event, _ in dea] == ["h-dea:h-t1", "h-public:h-t2"]
    assert fbi[0][0]["entities"] == [{"id": address_id(WALLET)}, {"id": "Transfer:bitcoin|h-t2|0"}]
    assert fbi[0][1] - public_done < 1.0  # delivered within a second of the ingest's end
    assert dea[0][1] - hidden_done < 1.0
    for agency, watch_id in (("FBI", fbi_watch), ("DEA", dea_watch)):
        post(url, agency, "mutation ($id: ID!) { unwatch(id: $id) { id } }", id=watch_id)


def test_a_socket_is_refused_without_a_valid_key_and_runs_subscriptions_only(served):
    url, _, _ = served
    endpoint = url.replace("http://", "ws://") + "/graphql"

    async def conversation(*messages: dict[str, Any]) -> tuple[list[dict[str, Any]], int | None]:
        """What the server sends back to ``messages`` (graphql-transport-ws), and its close code."""
        received: list[dict[str, Any]] = []
        async with websockets.connect(endpoint, subprotocols=[PROTOCOL]) as ws:
            for message in messages:
                await ws.send(json.dumps(message))
            try:
                async with asyncio.timeout(5):
                    async for text in ws:
                        received.append(json.loads(text))
            except TimeoutError:
                return received, None
            except websockets.ConnectionClosed:
                pass
            return received, ws.close_code

    init = {"type": "connection_init", "payload": {"X-API-Key": KEYS["FBI"]}}
    forged = {"type": "connection_init", "payload": {"X-API-Key": "cpk_not_a_real_key"}}
    assert asyncio.run(conversation(forged)) == ([], 4403)
    early = {"type": "subscribe", "id": "1", "payload": {"query": "subscription { alerts { id } }"}}
    assert asyncio.run(conversation(early)) == ([], 4401)
    query = {"type": "subscribe", "id": "q", "payload": {"query": "{ watches { totalCount } }"}}
    received, _ = asyncio.run(conversation(init, query))
    assert received[0] == {"type": "connection_ack"}
    assert received[1]["type"] == "error" and received[1]["id"] == "q"
    assert received[1]["payload"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "Only subscriptions run over WebSocket" in received[1]["payload"][0]["message"]
    received, code = asyncio.run(conversation(init, early, early))
    assert received == [{"type": "connection_ack"}] and code == 4409  # an id already running
    assert asyncio.run(conversation({"type": "nonsense"})) == ([], 4400)
