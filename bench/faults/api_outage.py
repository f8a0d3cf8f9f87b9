"""A Neo4j restart under 32-client API load: only coded 503s during the outage, no wrong or partial
answers, full service soon after the database answers again.

    .venv/bin/python bench/faults/api_outage.py [--instance f15 --bolt-port 7720] [--port 8720]
                                                [--clients 32] [--before 10] [--after 15] [--kill]

Runs `chokepoint serve` (development mode) on the instance, which must hold a graph (the demo, or the
OFAC load of ``ingest_kill.py``). Every distinct request of the workload is answered once first; under
load each 200 must equal that answer (else *wrong*), each 503 must carry exactly the coded
``SERVICE_UNAVAILABLE`` error, ``Retry-After`` and no address (else *bad*). ``--before`` seconds into
the load the database is stopped (SIGTERM, or SIGKILL with ``--kill``) and started again. Prints the
verdicts, the 503 latencies (goal ≤ 2 s), and the time from the database answering again to the end
of the last answer that was not a clean 200 (goal ≤ 5 s), with ``/health`` and ``/ready`` meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_instance_options, fault_settings, served_api, start_database
from load import Deadline, Run, Workload, learn_answers, normal_load, percentile, workload

from chokepoint.server import launcher
from chokepoint.settings import Settings


class Restart:
    """Stops and starts the database on a thread; records when it went and when it answered."""

    def __init__(self, settings: Settings, kill: bool) -> None:
        self.settings = settings
        self.kill = kill
        self.stopping = self.stopped = self.answering = 0.0

    def __call__(self) -> None:
        self.stopping = time.monotonic()
        if self.kill:
            pid = launcher.running_pid(self.settings)
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            while launcher.running_pid(self.settings) is not None:
                time.sleep(0.05)
        else:
            launcher.stop(self.settings)
        self.stopped = time.monotonic()
        start_database(self.settings)  # returns once a Bolt query answers
        self.answering = time.monotonic()


async def status(client: httpx.AsyncClient, url: str) -> int:
    """The status of a GET, or -1 when it failed or took longer than 10 s."""
    try:
        return (await client.get(url)).status_code
    except httpx.HTTPError:
        return -1


async def probe(url: str, until: Deadline, seen: list[tuple[float, int, int]]) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        while time.monotonic() < until():
            health, ready = await status(client, f"{url}/health"), await status(client, f"{url}/ready")
            seen.append((time.monotonic(), health, ready))
            await asyncio.sleep(0.5)


async def under_load(url: str, load: Workload, clients: int, restart: Restart, before: float, after: float):
    """The load from ``before`` seconds ahead of the restart until ``after`` seconds past its end."""
    timer = threading.Timer(before, restart)
    seen: list[tuple[float, int, int]] = []

    def until() -> float:
        return restart.answering + after if restart.answering else float("inf")

    timer.start()
    try:
        run, _ = await asyncio.gather(normal_load(url, load, clients, 0, 0, until), probe(url, until, seen))
    finally:
        timer.join()
    return run, seen


def report(run: Run, restart: Restart, seen: list[tuple[float, int, int]]) -> int:
    verdicts = run.verdicts()
    bad = {verdict: n for verdict, n in verdicts.items() if verdict not in ("ok", "unavailable")}
    unavailable = [o.ms for o in run.outcomes if o.verdict == "unavailable"]
    troubled = [o for o in run.outcomes if o.verdict != "ok"]
    last_trouble = max((o.ended for o in troubled), default=restart.answering)
    recovery = max(0.0, last_trouble - restart.answering)
    wrong = verdicts.get("wrong", 0)
    other = sum(bad.values()) - wrong
    print(
        f"{len(run.outcomes):,} requests: {verdicts['ok']:,} ok, {verdicts['unavailable']:,} coded 503, "
        f"{wrong} wrong or partial, {other} other (goal: only ok and coded 503)"
    )
    away_s, stop_s = restart.answering - restart.stopping, restart.stopped - restart.stopping
    start_s = restart.answering - restart.stopped
    print(f"database away {away_s:.1f} s (stop {stop_s:.1f} s, start {start_s:.1f} s)")
    if unavailable:
        p50, p99 = percentile(unavailable, 0.5), percentile(unavailable, 0.99)
        worst = max(unavailable)
        print(f"503 latency: p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {worst:.0f} ms (goal ≤ 2000 ms)")
    during = [o.ms for o in run.outcomes if restart.stopping <= o.started <= restart.answering]
    if during:
        print(f"every answer while away: {len(during):,}, max {max(during):.0f} ms")
    print(f"full service {recovery:.2f} s after the database answered again (goal ≤ 5 s)")
    away = [(h, r) for t, h, r in seen if restart.stopped <= t <= restart.answering]
    health, ready = sorted({h for h, _ in away}), sorted({r for _, r in away})
    final = seen[-1][2] if seen else "-"
    print(f"/health while away: {health}; /ready while away: {ready}; /ready at the end: {final}")
    print("timeline (s from the stop: answers ended in that second by verdict; * = database answering):")
    for second in range(int(last_trouble - restart.stopping) + 3):
        at = restart.stopping + second
        ended = Counter(o.verdict for o in run.outcomes if at <= o.ended < at + 1)
        mark = "*" if at <= restart.answering < at + 1 else " "
        print(f"  {second:4d}{mark} " + ", ".join(f"{v} {n}" for v, n in sorted(ended.items())))
    for sample in run.samples:
        print(f"  sample: {sample}")
    ok = not bad and (not unavailable or max(unavailable) <= 2000) and recovery <= 5
    return 0 if ok else 1


def main(settings: Settings, port: int, clients: int, before: float, after: float, kill: bool) -> int:
    start_database(settings)
    load = workload(settings)
    print(
        f"instance {settings.instance}: {len(load.requests)} distinct requests; {clients} clients; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    folder = Path(tempfile.mkdtemp(prefix="f15-outage-"))
    with served_api(settings, port, folder / "audit.jsonl") as url:
        asyncio.run(learn_answers(url, load))
        restart = Restart(settings, kill)
        run, seen = asyncio.run(under_load(url, load, clients, restart, before, after))
    print(f"audit log {folder / 'audit.jsonl'}; load average after {os.getloadavg()[0]:.2f}")
    return report(run, restart, seen)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_instance_options(parser)
    parser.add_argument("--port", type=int, default=8720)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--before", type=float, default=10)
    parser.add_argument("--after", type=float, default=15)
    parser.add_argument("--kill", action="store_true", help="SIGKILL the server instead of stopping it")
    args = parser.parse_args()
    settings = fault_settings(args.instance, args.bolt_port)
    sys.exit(main(settings, args.port, args.clients, args.before, args.after, args.kill))
