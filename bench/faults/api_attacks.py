"""32 clients x 60 s of normal queries, then the same with attack queries mixed in: the normal
queries must see 0 errors and keep their p99 within 2x of the run without attacks.

    .venv/bin/python bench/faults/api_attacks.py [--instance f15 --bolt-port 7720] [--port 8721]
                                                 [--clients 32] [--attackers 4] [--seconds 60]

On the demo graph (``chokepoint demo --no-serve`` on the instance), `chokepoint serve` in development
mode with its default limits. The attackers loop over: ``runInvestigation(name:
"seized_addresses_near_sanctions")`` (bounded by its transaction timeout and the per-agency limit on
expensive requests), the same with the client hanging up after 1 s (the request and its transaction
are cancelled), cheap client mistakes (unknown fragment, unknown operation name, a cursor out of
range, a mistyped field, an integer beyond 32 bits), the documents the limits must refuse at once
(the 829-byte doubling-fragment bomb, 7 aliased 2-level ``neighbors`` with ``{"f": 100.0}``, 15
aliased ``chokepoints(maxHops: 12, top: 100, samplePaths: 10)``) and automatic-persisted-query
registrations of distinct ~100 kB texts. (The table's "database stopped under load" row is
``api_outage.py``.) Prints per phase the normal queries' count, errors, p50/p99, the p99 ratio, and
the attackers' outcomes.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_instance_options, fault_settings, served_api, start_database
from load import Run, Workload, learn_answers, normal_load, percentile, workload

from chokepoint.settings import Settings

HEAVY = '{ runInvestigation(name: "seized_addresses_near_sanctions") { totalCount } }'
CURSOR = base64.b64encode(b"cp1:2147483648").decode()
CHEAP = [
    "{ ...Missing }",
    "query A { __typename } query B { __typename }",
    f'{{ search(text: "cartel", after: "{CURSOR}") {{ totalCount }} }}',
    '{ entity(id: "x") { displayNam } }',
    '{ search(text: "x", first: 99999999999) { totalCount } }',
]
BOMB = (
    "query B{...F0} "
    + " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(20))
    + " fragment F20 on Query{a:__typename}"
)
FLOATS = (
    "query ($f: Int) { "
    + " ".join(
        f'n{i}: neighbors(id: "ofac:1", first: $f) {{ edges {{ node {{ '
        "neighbors(first: $f) { totalCount } } } }"
        for i in range(7)
    )
    + " }"
)
CHOKEPOINTS = (
    "{ "
    + " ".join(
        f"c{i}: chokepoints(maxHops: 12, top: 100, samplePaths: 10) {{ edges {{ node {{ rank }} }} }}"
        for i in range(15)
    )
    + " }"
)
REFUSED: list[dict[str, Any]] = [
    {"query": BOMB},
    {"query": FLOATS, "variables": {"f": 100.0}},
    {"query": CHOKEPOINTS},
]
ATTACKS = (
    "investigation",
    "investigation, hang up after 1 s",
    "client mistake",
    "refused by the limits",
    "APQ registration of ~100 kB",
)


def attack_body(kind: str, rng: random.Random) -> dict[str, Any]:
    if kind == "client mistake":
        query = rng.choice(CHEAP)
        return {"query": query, "operationName": "C"} if query.startswith("query A") else {"query": query}
    if kind == "refused by the limits":
        return rng.choice(REFUSED)
    if kind.startswith("APQ"):  # a new text each time: the agency's registrations must stay bounded
        text = f"# {rng.getrandbits(64):016x} " + "x" * 100_000 + "\n{ __typename }"
        digest = hashlib.sha256(text.encode()).hexdigest()
        return {"query": text, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    return {"query": HEAVY}


async def attacker(
    client: httpx.AsyncClient, url: str, rng: random.Random, until: float, seen: Counter[str]
) -> None:
    while time.monotonic() < until:
        kind = rng.choice(ATTACKS)
        body = attack_body(kind, rng)
        try:
            timeout = 1.0 if kind.endswith("1 s") else 120.0
            answer = await client.post(f"{url}/graphql", json=body, timeout=timeout)
            codes = sorted({e.get("extensions", {}).get("code") for e in answer.json().get("errors", [])})
            seen[f"{kind}: HTTP {answer.status_code} {','.join(map(str, codes)) or 'ok'}"] += 1
        except httpx.TimeoutException:
            seen[f"{kind}: client hung up"] += 1
        except httpx.HTTPError as exc:
            seen[f"{kind}: {type(exc).__name__}"] += 1


async def with_attacks(
    url: str, load: Workload, clients: int, attackers: int, seconds: float
) -> tuple[Run, Counter[str]]:
    seen: Counter[str] = Counter()
    until = time.monotonic() + seconds
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=attackers * 2)) as client:
        run, *_ = await asyncio.gather(
            normal_load(url, load, clients, seconds, seed=0),
            *(attacker(client, url, random.Random(100 + i), until, seen) for i in range(attackers)),  # noqa: S311
        )
    return run, seen


def summary(name: str, run: Run, seconds: float) -> float:
    normal = [o.ms for o in run.outcomes]
    verdicts = run.verdicts()
    errors = len(normal) - verdicts["ok"]
    p99 = percentile(normal, 0.99)
    rate = len(normal) / seconds
    print(
        f"{name}: {len(normal):,} normal requests ({rate:,.1f}/s), errors {errors} (goal 0); "
        f"p50 {percentile(normal, 0.5):.1f} ms, p99 {p99:.1f} ms, max {max(normal):.1f} ms"
    )
    for sample in run.samples:
        print(f"  sample: {sample}")
    return p99


def main(settings: Settings, port: int, clients: int, attackers: int, seconds: float) -> int:
    start_database(settings)
    load = workload(settings)
    folder = Path(tempfile.mkdtemp(prefix="f15-attacks-"))
    print(
        f"instance {settings.instance}: {len(load.requests)} distinct normal requests; "
        f"{clients} clients, {attackers} attackers, {seconds:.0f} s per phase; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with served_api(settings, port, folder / "audit.jsonl") as url:
        asyncio.run(learn_answers(url, load))
        asyncio.run(normal_load(url, load, clients, 5, seed=1000))  # warm-up, not reported
        baseline = summary(
            "without attacks", asyncio.run(normal_load(url, load, clients, seconds, seed=0)), seconds
        )
        run, seen = asyncio.run(with_attacks(url, load, clients, attackers, seconds))
        attacked = summary("with attacks", run, seconds)
    print(f"p99 ratio with / without attacks: {attacked / baseline:.2f} (goal ≤ 2)")
    for outcome, count in sorted(seen.items()):
        print(f"  attack {outcome}: {count}")
    print(f"audit log {folder / 'audit.jsonl'}; load average after {os.getloadavg()[0]:.2f}")
    return 0 if run.verdicts()["ok"] == len(run.outcomes) and attacked <= 2 * baseline else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_instance_options(parser)
    parser.add_argument("--port", type=int, default=8721)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    settings = fault_settings(args.instance, args.bolt_port)
    sys.exit(main(settings, args.port, args.clients, args.attackers, args.seconds))
