"""Load: 32 concurrent clients for 60 s on loopback against `chokepoint serve` - throughput, p50/p99
latency and errors (goal: 0 errors) for a mix of entity, search, neighbors and paths queries.

    .venv/bin/python bench/api_load.py [--transfers N] [--clients 32] [--seconds 60] [--warmup 5]
                                       [--instance bench --bolt-port 7689]

On the bench-size graph of ``bench/api_paths.py`` (same ``--transfers``; loaded there, or reused when
its counts match). The server is `chokepoint serve` (one uvicorn process, development mode, audit log
on) in a subprocess; the clients are asyncio tasks sharing one httpx connection pool in this process,
each with its own seeded choice of queries: 40 % entity, 25 % search, 25 % neighbors (counts per type
and a page of 20), 10 % paths between a supplier and a cell that have a chain. A request counts as an
error when it fails in transport, answers a status other than 200, or carries GraphQL ``errors``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from api_paths import (
    Pair,
    add_graph_options,
    all_grants,
    bench_settings,
    chokepoint_api,
    ensure_graph,
    find_pairs,
    percentile,
)

from chokepoint import composition
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery
from chokepoint.settings import Settings

SAMPLE = 300  # ids and names sampled per kind
MIX = {"entity": 40, "search": 25, "neighbors": 25, "paths": 10}
ENTITY = """query Entity($id: ID!) { entity(id: $id) { __typename id displayName agency caveat
  sourceDataset sourceRecordId } }"""
SEARCH = """query Search($text: String!) { search(text: $text, first: 10) {
  totalCount edges { node { __typename id displayName } } } }"""
NEIGHBORS = """query Neighbors($id: ID!) { neighbors(id: $id, first: 20) {
  countsByType { type incoming outgoing } totalCount
  edges { node { __typename id displayName } relationship { type agency caveat } } } }"""
PATHS = """query Paths($from: ID!, $to: ID!, $hops: Int!) {
  paths(from: $from, to: $to, maxHops: $hops, first: 5) {
  totalCount edges { node { length nodes { id displayName }
    relationships { direction relationship { type sourceRecordId } } } } } }"""
# Bench-only sampling (no API query lists ids at random): entities of the case and of the ledger.
SAMPLE_IDS = CypherQuery(
    "sample_ids",
    "CALL () { MATCH (n:Organization) RETURN n.id AS id, n.name AS name LIMIT $n "
    "UNION MATCH (n:Person) RETURN n.id AS id, n.name AS name LIMIT $n "
    "UNION MATCH (n:CryptoAddress) RETURN n.id AS id, null AS name SKIP $skip LIMIT $n } "
    "RETURN id, name",
)


@dataclass(frozen=True)
class Workload:
    ids: list[str]
    names: list[str]
    pairs: list[Pair]

    def request(self, rng: random.Random) -> tuple[str, str, dict[str, Any]]:
        kind = rng.choices(list(MIX), list(MIX.values()))[0]
        if kind == "entity":
            return kind, ENTITY, {"id": rng.choice(self.ids)}
        if kind == "search":
            return kind, SEARCH, {"text": rng.choice(self.names)}
        if kind == "neighbors":
            return kind, NEIGHBORS, {"id": rng.choice(self.ids)}
        pair = rng.choice(self.pairs)
        return kind, PATHS, {"from": pair.supplier, "to": pair.cell, "hops": pair.length}


def workload(graph: Graph) -> Workload:
    rows = graph.read(SAMPLE_IDS, n=SAMPLE, skip=SAMPLE * 10)
    names = sorted({_words(row["name"]) for row in rows if row["name"] and _words(row["name"])})
    pairs = [p for p in find_pairs(graph, all_grants(graph), 8, wanted=20) if p.length <= 8]
    ids = sorted({row["id"] for row in rows} | {p.supplier for p in pairs} | {p.cell for p in pairs})
    return Workload(ids, names, pairs)


def _words(name: str) -> str:
    """Two words of a name: a realistic search (every word must match)."""
    return " ".join(word for word in name.replace(",", " ").split()[:2] if word.isalnum())


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def record(self, kind: str, ms: float, error: str | None) -> None:
        self.latencies.setdefault(kind, []).append(ms)
        if error is not None:
            self.errors[kind] += 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: {error}")


async def one_request(
    client: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any]
) -> str | None:
    """None when the answer is a clean 200 with data; else what went wrong."""
    try:
        answer = await client.post(url, json={"query": query, "variables": variables})
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}: {answer.text[:300]}"
    body = answer.json()
    return f"errors: {body['errors']}"[:500] if body.get("errors") else None


async def client_loop(
    client: httpx.AsyncClient, url: str, load: Workload, rng: random.Random, until: float, results: Results
) -> None:
    while time.perf_counter() < until:
        kind, query, variables = load.request(rng)
        started = time.perf_counter()
        error = await one_request(client, url, query, variables)
        results.record(kind, (time.perf_counter() - started) * 1000, error)


async def run_load(
    url: str, load: Workload, clients: int, seconds: float, seed: int
) -> tuple[Results, float]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    results = Results()
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(
            *(client_loop(client, url, load, random.Random(seed + i), until, results) for i in range(clients))  # noqa: S311 (seeded workload)
        )
        return results, time.perf_counter() - started


def report(results: Results, elapsed: float, clients: int) -> None:
    every = [ms for values in results.latencies.values() for ms in values]
    errors = sum(results.errors.values())
    print(
        f"{clients} clients, {elapsed:.1f} s: {len(every):,} requests, {len(every) / elapsed:,.1f} req/s; "
        f"p50 {percentile(every, 0.5):.1f} ms, p99 {percentile(every, 0.99):.1f} ms, "
        f"max {max(every):.1f} ms; errors {errors} (goal 0)"
    )
    for kind, values in sorted(results.latencies.items()):
        print(
            f"  {kind:10s} {len(values):6,d} requests  p50 {percentile(values, 0.5):7.1f} ms  "
            f"p99 {percentile(values, 0.99):7.1f} ms  mean {statistics.fmean(values):7.1f} ms  "
            f"errors {results.errors[kind]}"
        )
    for sample in results.samples:
        print(f"  error: {sample}")


def main(config: Settings, transfers: int, clients: int, seconds: float, warmup: float) -> None:
    counts = ensure_graph(config, transfers)
    with composition.connect(config) as graph:
        load = workload(graph)
    print(
        f"bench graph: {counts['nodes']:,} nodes, {counts['relationships']:,} relationships "
        f"({transfers:,} transfers); {len(load.ids)} ids, {len(load.names)} search texts, "
        f"{len(load.pairs)} path pairs; load average {os.getloadavg()[0]:.2f}"
    )
    with chokepoint_api(config) as url:
        asyncio.run(run_load(url, load, clients, warmup, seed=1000))  # warm-up, not reported
        cpu = time.process_time()
        results, elapsed = asyncio.run(run_load(url, load, clients, seconds, seed=0))
        cpu = time.process_time() - cpu
    report(results, elapsed, clients)
    print(
        f"client process CPU {cpu:.1f} s of {elapsed:.1f} s (2 cores shared with server and Neo4j); "
        f"load average after {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_graph_options(parser)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5)
    args = parser.parse_args()
    main(
        bench_settings(args.instance, args.bolt_port), args.transfers, args.clients, args.seconds, args.warmup
    )
