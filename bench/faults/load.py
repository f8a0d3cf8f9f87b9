"""The normal API load of the fault scripts: 32 async clients of entity, search and neighbors
queries (``bench/api_load.py``'s texts) over one httpx pool, each answer checked against the answer
the same request got before any fault (so a 200 that is wrong or partial is counted as such)."""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api_load import ENTITY, NEIGHBORS, SEARCH

from chokepoint import composition
from chokepoint.graph.queries import CypherQuery
from chokepoint.settings import Settings

MIX = {"entity": 45, "search": 25, "neighbors": 30}
SAMPLED = ("Organization", "Person", "CryptoAddress")  # a share of the requests' ids from each
SAMPLE = CypherQuery(
    "fault sample",
    "MATCH (n:Entity) WHERE n.caveat = 'PUBLIC' AND $label IN labels(n) "
    "RETURN n.id AS id, n.name AS name ORDER BY n.id SKIP $skip LIMIT $n",
)
UNAVAILABLE = "SERVICE_UNAVAILABLE"

Request = tuple[str, str, str]  # kind, query text, the one variable's value
Deadline = Callable[[], float]


@dataclass
class Workload:
    requests: list[Request]
    expected: dict[Request, Any] = field(default_factory=dict)
    by_kind: dict[str, list[Request]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for request in self.requests:
            self.by_kind.setdefault(request[0], []).append(request)

    def pick(self, rng: random.Random) -> Request:
        kind = rng.choices(list(MIX), list(MIX.values()))[0]
        return rng.choice(self.by_kind[kind])


def variables(request: Request) -> dict[str, Any]:
    kind, _, value = request
    return {"text": value} if kind == "search" else {"id": value}


def workload(settings: Settings, size: int = 120) -> Workload:
    """``size`` PUBLIC ids, a third of each label in ``SAMPLED`` (ordered by id, the first third of
    each skipped: ids sort by label prefix, so one sample of all would be one label), and the first
    two words of their names as search texts."""
    share = size // len(SAMPLED)
    with composition.connect(settings) as graph:
        rows = [row for label in SAMPLED for row in graph.read(SAMPLE, label=label, n=share, skip=share)]
    ids = [row["id"] for row in rows]
    names = sorted({" ".join(str(row["name"]).split()[:2]) for row in rows if row["name"]})
    requests = [("entity", ENTITY, i) for i in ids] + [("neighbors", NEIGHBORS, i) for i in ids]
    requests += [("search", SEARCH, name) for name in names if name.replace(" ", "").isalnum()]
    load = Workload(requests)
    missing = [kind for kind in MIX if kind not in load.by_kind]
    if missing:
        raise RuntimeError(f"the graph gave no {' or '.join(missing)} requests; load the demo first")
    return load


async def post(client: httpx.AsyncClient, url: str, request: Request) -> httpx.Response:
    return await client.post(f"{url}/graphql", json={"query": request[1], "variables": variables(request)})


async def learn_answers(url: str, load: Workload) -> None:
    """The reference answer of every request, before any fault (all must be clean 200s)."""
    async with httpx.AsyncClient(timeout=60) as client:
        for request in load.requests:
            answer = await post(client, url, request)
            body = answer.json()
            if answer.status_code != 200 or body.get("errors"):
                raise RuntimeError(f"reference answer failed: {answer.status_code} {answer.text[:300]}")
            load.expected[request] = body


@dataclass
class Outcome:
    started: float
    ended: float
    kind: str
    verdict: str  # ok, wrong, unavailable (a coded 503 with Retry-After), or what else came back

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    def verdicts(self) -> Counter[str]:
        return Counter(outcome.verdict for outcome in self.outcomes)


def judge(load: Workload, request: Request, answer: httpx.Response) -> str:
    if answer.status_code == 200:
        body = answer.json()
        if body.get("errors"):
            return "200 with " + ",".join(
                sorted({str(e.get("extensions", {}).get("code")) for e in body["errors"]})
            )
        return "ok" if body == load.expected[request] else "wrong"
    if answer.status_code == 503:
        body = answer.json()
        codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
        coded = codes == [UNAVAILABLE] and "data" not in body and answer.headers.get("retry-after")
        leaks = "127.0.0.1" in answer.text or "localhost" in answer.text or "bolt" in answer.text.lower()
        return "unavailable" if coded and not leaks else f"bad 503: {answer.text[:200]}"
    return f"HTTP {answer.status_code}: {answer.text[:200]}"


async def client_loop(
    client: httpx.AsyncClient, url: str, load: Workload, rng: random.Random, until: Deadline, run: Run
) -> None:
    while time.monotonic() < until():
        request = load.pick(rng)
        started = time.monotonic()
        try:
            verdict = judge(load, request, await post(client, url, request))
        except httpx.HTTPError as exc:
            verdict = f"transport: {type(exc).__name__}: {exc}"
        run.outcomes.append(Outcome(started, time.monotonic(), request[0], verdict))
        if verdict not in ("ok", "unavailable") and len(run.samples) < 5:
            run.samples.append(f"{request[0]}: {verdict}")


async def normal_load(
    url: str, load: Workload, clients: int, seconds: float, seed: int, until: Deadline | None = None
) -> Run:
    """``clients`` loops for ``seconds`` (or until the time ``until()`` returns, read before each request)."""
    run = Run()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        if until is None:
            end = time.monotonic() + seconds
            until = lambda: end  # noqa: E731
        await asyncio.gather(
            *(client_loop(client, url, load, random.Random(seed + i), until, run) for i in range(clients))  # noqa: S311 (seeded workload)
        )
    return run


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")
