"""Issue 21: what watches cost P2's ingest, and how fast an alert reaches a subscriber.

    .venv/bin/python bench/watch_ingest.py [--transfers 300000] [--watches 10000] [--rounds 2]
                                           [--sanctioned 100] [--deliveries 40]
                                           [--instance watches --bolt-port 7763]

Ingest: P2's seeded bench ledger (``bench/agency_ingest.py``'s data, generated once) through the
normal batched ingest into an emptied database, alternately with no watch (``off``) and with
``--watches`` active watches of mixed rules (``on``: 40 % incoming_transfer with random thresholds,
20 % new_link, 10 % mentioned, 20 % sanctions_exposure with maxHops 2, 10 % same_as; subjects drawn
from the ledger's addresses, the exposure and same_as ones from its busiest), ``--rounds`` times each,
in the same run, each in a fresh process. Before each (untimed), a public list marks ``--sanctioned``
of the ledger's addresses sanctioned, so exposure watches have parties to find. Goal: on / off <= 1.10
(ingest seconds, alerts included).

Delivery: ``chokepoint serve`` on the same graph, one WebSocket subscriber (graphql-transport-ws) as
the watches' agency; ``--deliveries`` single-transfer ingests into watched addresses, each alert's
latency measured from its stored time (set just before its transaction commits) to its arrival.
Goal: p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from agency_ingest import LEDGER, generate, ledger_files  # noqa: E402

from chokepoint import composition  # noqa: E402
from chokepoint.alerts.rules import rules_of  # noqa: E402
from chokepoint.alerts.service import ingest_watched  # noqa: E402
from chokepoint.alerts.watches import Watch  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

AGENCY, GRANTS = "IRS-CI", frozenset({"IRS-CI|LES", "PUBLIC"})
MIX = (
    ("incoming_transfer", 0.4),
    ("new_link", 0.2),
    ("mentioned", 0.1),
    ("sanctions_exposure", 0.2),
    ("same_as", 0.1),
)
BUSIEST = CypherQuery(
    "busiest",
    "MATCH (a:CryptoAddress) WITH a, COUNT { (a)--() } AS degree ORDER BY degree DESC LIMIT $n "
    "RETURN a.id AS id",
)
ADDRESSES = CypherQuery(
    "addresses", "MATCH (a:CryptoAddress) RETURN a.id AS id, a.chain AS chain, a.address AS address"
)
CREATE_WATCHES = CypherQuery("create_watches", "UNWIND $watches AS w CREATE (x:Watch) SET x = w")
COUNT_ALERTS = CypherQuery("alerts", "MATCH (x:Alert) RETURN count(x) AS n")


def bench_settings(instance: str, port: int) -> Settings:
    return Settings(instance=instance, bolt_port=port)


def empty(config: Settings) -> None:
    with composition.connect(config) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        apply_schema(graph, composition.model_of(config))


def watches_for(addresses: list[str], busiest: list[str], count: int, model: Any) -> list[Watch]:
    """``count`` watches of the mix, with their parameters checked (defaults filled) by the rules."""
    rules = rules_of(model)
    rng = random.Random(21)  # noqa: S311 (a seeded sample, not a secret)
    made: list[Watch] = []
    for rule, share in MIX:
        for _ in range(int(count * share)):
            if rule == "incoming_transfer":
                subject, given = rng.choice(addresses), {"minAmount": round(rng.uniform(0, 2), 3)}
            elif rule == "new_link":
                subject, given = rng.choice(addresses), {"types": ["SENT"]}
            elif rule == "mentioned":
                subject, given = rng.choice(addresses), {}
            elif rule == "sanctions_exposure":
                subject, given = rng.choice(busiest), {"maxHops": 2}
            else:
                subject, given = rng.choice(busiest), {}
            made.append(Watch.new(AGENCY, rule, subject, rules.parameters(rule, given), GRANTS))
    return made


def sanctions_list(folder: Path, addresses: list[str], count: int) -> Path:
    """A public records file marking ``count`` of ``addresses`` sanctioned (seeded choice)."""
    chosen = random.Random(14).sample(addresses, min(count, len(addresses)))  # noqa: S311 (a sample)
    nodes = []
    for n, address_id in enumerate(chosen):
        chain, _, address = address_id.removeprefix("CryptoAddress:").partition("|")
        props = {"chain": chain, "address": address, "sanctioned": True}
        nodes.append({"label": "CryptoAddress", "record": f"s{n}", "props": props})
    path = folder / "sanctioned.json"
    provenance = {
        "dataset": "bench-sanctions",
        "agency": "OFAC",
        "caveat": "PUBLIC",
        "published": "2026-11-01",
    }
    path.write_text(json.dumps({"provenance": provenance, "nodes": nodes}))
    return path


def phase(
    data: Path, instance: str, port: int, watches_file: Path | None, sanctions: Path | None
) -> dict[str, float]:
    """One ingest of the ledger into the emptied database (in this fresh process)."""
    config = bench_settings(instance, port)
    model = composition.model_of(config)
    rejects = Path(tempfile.mkdtemp()) / "rejects.jsonl"
    with composition.connect(config) as graph:
        if sanctions is not None:
            for parsed in opener("records")(sanctions, Options()):
                ingest_watched(graph, model, parsed, rejects)
        if watches_file is not None:
            stored = json.loads(watches_file.read_text())
            for start in range(0, len(stored), 5000):
                graph.write(CREATE_WATCHES, watches=stored[start : start + 5000])
        started = time.perf_counter()
        fired = 0
        for path in ledger_files(data):
            for parsed in opener("wallet-ledger")(path, LEDGER):
                fired += len(ingest_watched(graph, model, parsed, rejects).alerts)
        seconds = time.perf_counter() - started
        stored_alerts = graph.read(COUNT_ALERTS)[0]["n"]
    return {"seconds": seconds, "fired": fired, "alerts": stored_alerts}


def run_phase(
    data: Path, instance: str, port: int, watches_file: Path | None, sanctions: Path | None
) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", str(data), "--instance", instance]
    command += ["--bolt-port", str(port)]
    if watches_file is not None:
        command += ["--watches-file", str(watches_file)]
    if sanctions is not None:
        command += ["--sanctions-file", str(sanctions)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def delivery(config: Settings, addresses: list[str], count: int) -> list[float]:
    """Latencies (s) of ``count`` alerts, stored time to arrival at a WebSocket subscriber."""
    port = free_port()
    env = {
        **os.environ,
        "CHOKEPOINT_INSTANCE": config.instance,
        "CHOKEPOINT_BOLT_PORT": str(config.bolt_port),
    }
    env.pop("CHOKEPOINT_API_CONFIG", None)  # development mode: loopback only
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "chokepoint"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    model = composition.model_of(config)
    tmp = Path(tempfile.mkdtemp())
    latencies: list[float] = []
    try:
        _wait_for(port)
        with composition.connect(config) as graph:
            watched = random.Random(5).sample(addresses, count)  # noqa: S311
            graph.write(
                CREATE_WATCHES,
                watches=[
                    Watch.new("DEVELOPMENT", "incoming_transfer", a, {"minAmount": 0.0}, GRANTS).stored()
                    for a in watched
                ],
            )

            async def listen_and_load() -> None:
                uri = f"ws://127.0.0.1:{port}/graphql"
                async with websockets.connect(uri, subprotocols=["graphql-transport-ws"]) as ws:
                    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
                    await ws.recv()
                    query = "subscription { alerts { id at } }"
                    await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": query}}))
                    await asyncio.sleep(1.0)
                    for n, address_id in enumerate(watched):
                        path = _one_transfer(tmp, n, address_id)
                        await asyncio.to_thread(_load, graph, model, path, tmp)
                        message = json.loads(await asyncio.wait_for(ws.recv(), 30))
                        arrived = time.time()
                        at = message["payload"]["data"]["alerts"]["at"]
                        latencies.append(arrived - _epoch(at))

            asyncio.run(listen_and_load())
    finally:
        server.terminate()
        server.wait(timeout=30)
    return latencies


def _one_transfer(folder: Path, n: int, address_id: str) -> Path:
    chain, _, address = address_id.removeprefix("CryptoAddress:").partition("|")
    sender = (
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT" if chain == "bitcoin" else "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )
    asset = "BTC" if chain == "bitcoin" else "USDT"
    path = folder / f"delivery-{n}.csv"
    path.write_text(
        "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
        f"{chain},{n:064x},0,{sender},{address},{asset},1.5,2026-11-30T12:00:00Z,{900000 + n}\n"
    )
    return path


def _load(graph: Any, model: Any, path: Path, tmp: Path) -> None:
    options = Options(dataset="delivery-bench", agency=AGENCY, caveat="LES", synthetic=True)
    for parsed in opener("wallet-ledger")(path, options):
        ingest_watched(graph, model, parsed, tmp / "rejects.jsonl")


def _epoch(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text).timestamp()


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("chokepoint serve did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(args: argparse.Namespace) -> None:
    config = bench_settings(args.instance, args.bolt_port)
    data = config.home / "bench" / f"p2-{args.transfers}"
    data.mkdir(parents=True, exist_ok=True)
    generate(data, args.transfers)
    start = composition.start_embedded(config)
    print(f"Neo4j {start.version} on {config.bolt_uri} (instance {config.instance!r})")
    empty(config)
    first = run_phase(data, args.instance, args.bolt_port, None, None)  # warm-up, and the ledger's addresses
    with composition.connect(config) as graph:
        addresses = [row["id"] for row in graph.read(ADDRESSES)]
        busiest = [row["id"] for row in graph.read(BUSIEST, n=500)]
    model = composition.model_of(config)
    watches = watches_for(addresses, busiest, args.watches, model)
    folder = Path(tempfile.mkdtemp())
    watches_file = folder / "watches.json"
    watches_file.write_text(json.dumps([w.stored() for w in watches], default=str))
    sanctions = sanctions_list(folder, addresses, args.sanctioned) if args.sanctioned else None
    print(
        f"warm-up ingest {first['seconds']:.1f} s; {len(addresses):,} addresses; {len(watches):,} "
        f"watches; {args.sanctioned} addresses sanctioned before each ingest"
    )
    seconds: dict[str, list[float]] = {"off": [], "on": []}
    for round_ in range(args.rounds):
        for name in ("off", "on"):
            empty(config)
            chosen = watches_file if name == "on" else None
            result = run_phase(data, args.instance, args.bolt_port, chosen, sanctions)
            seconds[name].append(result["seconds"])
            fired = f"alerts fired {result['fired']:,.0f}"
            print(f"round {round_ + 1} {name:3s} {result['seconds']:7.1f} s  {fired}")
    off, on = statistics.median(seconds["off"]), statistics.median(seconds["on"])
    print(f"ingest median: off {off:.1f} s, on {on:.1f} s; ratio on / off = {on / off:.3f} (goal <= 1.10)")
    latencies = delivery(config, addresses, args.deliveries)
    p50, p95 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000
    print(
        f"delivery over the subscription ({len(latencies)} alerts): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms (goal p95 <= 1000 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=300_000)
    parser.add_argument("--watches", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--deliveries", type=int, default=40)
    parser.add_argument("--sanctioned", type=int, default=100)
    parser.add_argument("--instance", default="watches")
    parser.add_argument("--bolt-port", type=int, default=7763)
    parser.add_argument("--phase", type=Path)
    parser.add_argument("--watches-file", type=Path)
    parser.add_argument("--sanctions-file", type=Path)
    args = parser.parse_args()
    if args.phase:
        print(
            json.dumps(
                phase(args.phase, args.instance, args.bolt_port, args.watches_file, args.sanctions_file)
            )
        )
    else:
        main(args)
