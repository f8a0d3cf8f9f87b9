"""Signed webhooks: each new alert of an agency with a webhook is also POSTed to the agency's URL.

Delivery is an outbox over the stored alerts, never part of the ingest that fired them: the API
process (or ``chokepoint alerts deliver``) posts every alert due, records each attempt on the alert,
and retries a failed one with exponential back-off (``base_delay_s`` doubled per attempt, at most an
hour apart) until ``max_attempts``. A receiver that is down delays only its own alerts.

The body is the alert as its agency sees it (JSON); ``X-Chokepoint-Signature: t=UNIX,v1=HEX`` carries
HMAC-SHA256 over ``"UNIX." + body`` with the agency's secret, so a receiver can check both origin and
freshness. An alert needing a grant the agency no longer holds is withheld, never sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from chokepoint.alerts.desk import StoredAlert
from chokepoint.errors import ChokepointError
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query

SIGNATURE_HEADER = "X-Chokepoint-Signature"
BATCH = 50  # alerts attempted per pass
MAX_DELAY_S = 3600.0
log = logging.getLogger("chokepoint.alerts")


@dataclass(frozen=True)
class WebhookTarget:
    """One agency's webhook: where to post, the signing secret, and the grants the agency holds."""

    agency: str
    url: str
    secret: bytes
    grants: frozenset[str]


def signature(secret: bytes, body: bytes, moment: int) -> str:
    """The signature header's value for ``body`` sent at ``moment`` (Unix seconds)."""
    digest = hmac.new(secret, f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={digest}"


def verify(secret: bytes, body: bytes, header: str, tolerance_s: int = 300) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance_s`` of now (what a
    receiver runs; the tests use it too)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        moment = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = signature(secret, body, moment).split("v1=", 1)[1]
    return abs(time.time() - moment) <= tolerance_s and hmac.compare_digest(expected, parts.get("v1", ""))


def body_of(alert: StoredAlert, agency: str) -> bytes:
    """The JSON an agency's webhook receives for ``alert``."""
    return json.dumps(
        {
            "id": alert.id,
            "at": alert.at.isoformat(),
            "agency": agency,
            "watch": alert.watch,
            "rule": alert.rule,
            "subject": alert.subject,
            "summary": alert.summary,
            "elementIds": alert.entities,
            "links": alert.links,
            "sourceRecord": alert.record,
            "pointer": alert.pointer,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")


class WebhookOutbox:
    """Posts the alerts due to their agencies' webhooks; :meth:`run` keeps doing so."""

    def __init__(
        self,
        graph: AsyncGraph,
        targets: Mapping[str, WebhookTarget],
        poll_s: float = 1.0,
        base_delay_s: float = 2.0,
        max_attempts: int = 10,
        timeout_s: float = 5.0,
    ) -> None:
        self._graph = graph
        self._targets = dict(targets)
        self._poll_s = poll_s
        self._base_delay_s = base_delay_s
        self._max_attempts = max_attempts
        self._timeout_s = timeout_s

    async def run(self) -> None:
        """Deliver, then wait ``poll_s``, until cancelled; a database outage only delays delivery."""
        async with httpx.AsyncClient(timeout=self._timeout_s) as client:
            while True:
                try:
                    await self.deliver_due(client)
                except ChokepointError as exc:
                    log.warning("webhooks: %s", exc)
                await asyncio.sleep(self._poll_s)

    async def deliver_due(self, client: httpx.AsyncClient) -> int:
        """One pass: every alert due is attempted once (concurrently); the number attempted."""
        if not self._targets:
            return 0
        now = dt.datetime.now(dt.UTC)
        session = self._graph.session()
        try:
            rows = await session.read(
                load_query("alert_outbox"), agencies=sorted(self._targets), now=now, limit=BATCH
            )
        finally:
            await session.close()
        results = await asyncio.gather(*(self._attempt(client, row["alert"]) for row in rows))
        if results:
            await self._graph.write(load_query("alert_webhook_results"), results=list(results))
        return len(results)

    async def _attempt(self, client: httpx.AsyncClient, stored: dict[str, Any]) -> dict[str, Any]:
        alert = StoredAlert.from_row(stored)
        target = self._targets[str(stored["agency"])]
        attempts = int(stored.get("webhookAttempts") or 0) + 1
        now = dt.datetime.now(dt.UTC)
        outcome: dict[str, Any] = {"id": alert.id, "deliveredAt": None, "nextAt": None, "gaveUpAt": None}
        if not all(grant in target.grants for grant in stored.get("requires") or ()):
            return {
                **outcome,
                "gaveUpAt": now,
                "error": "withheld: it needs a grant the agency no longer holds",
            }
        body = body_of(alert, target.agency)
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(target.secret, body, int(time.time())),
            "X-Chokepoint-Alert": alert.id,
        }
        try:
            response = await client.post(target.url, content=body, headers=headers)
            error = None if response.is_success else f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        if error is None:
            return {**outcome, "deliveredAt": now, "error": None}
        if attempts >= self._max_attempts:
            log.error(
                "webhook of %s: alert %s given up after %d attempts: %s",
                target.agency,
                alert.id,
                attempts,
                error,
            )
            return {**outcome, "gaveUpAt": now, "error": error}
        delay = min(self._base_delay_s * 2 ** (attempts - 1), MAX_DELAY_S)
        return {**outcome, "nextAt": now + dt.timedelta(seconds=delay), "error": error}
