"""Faults during ingest: ``kill -9`` of ``chokepoint ingest`` mid-load of the full OFAC advanced XML,
then the same command again; and ``kill -9`` of the Neo4j server mid-ingest, ``chokepoint db start``,
the same command again. Each must leave the graph equal to a clean load: node and relationship counts
and a SHA-256 over every id, label, type and property (``ingestedAt``/``firstSeenAt`` excluded: they
record when a value was written, which a reload rightly changes).

    .venv/bin/python bench/faults/ingest_kill.py [--instance f15 --bolt-port 7720] [--at 0.4]
                                                 [--only ingest|neo4j] [path]

The instance is emptied first. ``--at`` is the share of the clean load's nodes written when the kill
comes. Prints the clean load's time and snapshot, then per fault: nodes at the kill, whether the
ingest's worker process outlived its killed parent, the recovery run's time, and equal / DIFFERENT.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CLI,
    OFAC_XML,
    add_instance_options,
    child,
    emptied,
    fault_settings,
    group_alive,
    ingest_command,
    instance_env,
    node_count,
    run_child,
    snapshot,
    start_database,
    wait_for,
)

from chokepoint.server import launcher
from chokepoint.settings import Settings


def safe_count(settings: Settings) -> int:
    try:
        return node_count(settings)
    except Exception:  # the database may be away for a moment: count as nothing yet
        return -1


def kill_ingest(settings: Settings, env: dict[str, str], command: list[str], target: int, logs: Path) -> bool:
    """Kill the ingest process itself (not its group, as ``kill -9 <pid>`` would) mid-load."""
    emptied(settings)
    with child(command, env, logs / "killed-ingest.log") as process:
        reached = wait_for(lambda: safe_count(settings) >= target or process.poll() is not None, 600, 0.5)
        if process.poll() is not None:
            print(f"  the ingest finished before {target:,} nodes (exit {process.returncode}); no kill")
            return False
        os.kill(process.pid, signal.SIGKILL)
        killed = time.monotonic()
        process.wait()
        at_kill = safe_count(settings)
        print(f"  kill -9 of ingest pid {process.pid} at {at_kill:,} nodes (target reached: {reached})")
        time.sleep(2)
        left = orphans(process.pid)
        print(f"  worker processes alive 2 s after the kill: {len(left)} {left or ''}".rstrip())
        gone = wait_for(lambda: not orphans(process.pid), ORPHAN_GRACE_S, 0.2)
        after = time.monotonic() - killed
        if not gone:  # an orphan reader: a failure; end it so the next run starts clean
            left = orphans(process.pid)
            print(f"  DID NOT EXIT: {len(left)} worker process(es) {left} {after:.0f} s after the kill")
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            return False
        print(f"  every worker process gone {after:.1f} s after the kill")
    return True


ORPHAN_GRACE_S = 60  # a worker checks its parent before each batch; a batch takes seconds at most


def orphans(pid: int) -> list[int]:
    """The killed ingest's worker processes (its process group) still alive."""
    return [found for found in group_alive(pid) if found != pid]


def kill_database(
    settings: Settings, env: dict[str, str], command: list[str], target: int, logs: Path
) -> bool:
    emptied(settings)
    with child(command, env, logs / "ingest-during-db-kill.log") as process:
        wait_for(lambda: safe_count(settings) >= target or process.poll() is not None, 600, 0.5)
        if process.poll() is not None:
            print(f"  the ingest finished before {target:,} nodes; no kill")
            return False
        pid = launcher.running_pid(settings)
        assert pid is not None
        at_kill = safe_count(settings)
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        print(f"  kill -9 of Neo4j pid {pid} at {at_kill:,} nodes")
        exited = wait_for(lambda: process.poll() is not None, 300, 0.2)
        print(
            f"  the ingest {'exited ' + str(process.returncode) if exited else 'still ran'} "
            f"{time.monotonic() - killed:.1f} s after the kill"
        )
    code, seconds = run_child([str(CLI), "db", "start"], env)
    print(f"  `chokepoint db start` (stale pid file, store recovery): exit {code} in {seconds:.1f} s")
    return code == 0


def main(settings: Settings, source: Path, at: float, only: str | None) -> int:
    env = instance_env(settings.instance, settings.bolt_port)
    command = ingest_command(source)
    print(
        f"instance {settings.instance} on bolt port {settings.bolt_port}; source {source.name}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"database up in {start_database(settings):.1f} s")
    logs = Path(tempfile.mkdtemp(prefix="f15-ingest-"))
    emptied(settings)
    code, seconds = run_child(command, env)
    clean = snapshot(settings)
    print(f"clean load: exit {code} in {seconds:.1f} s -> {clean}")
    target = int(clean.nodes * at)
    failures = 0
    faults = {"ingest": ("kill -9 of the ingest", kill_ingest), "neo4j": ("kill -9 of Neo4j", kill_database)}
    for key, (name, fault) in faults.items():
        if only is not None and key != only:
            continue
        print(f"{name} at {at:.0%} of the nodes ({target:,}):")
        if not fault(settings, env, command, target, logs):
            failures += 1
            continue
        code, seconds = run_child(command, env)
        after = snapshot(settings)
        equal = after == clean
        failures += not equal
        print(
            f"  the same command again: exit {code} in {seconds:.1f} s -> {after}: "
            f"{'EQUAL to the clean load' if equal else 'DIFFERENT from the clean load'}"
        )
    print(f"logs in {logs}; load average after {os.getloadavg()[0]:.2f}; {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_instance_options(parser)
    parser.add_argument(
        "--at", type=float, default=0.4, help="share of the nodes written when the kill comes"
    )
    parser.add_argument("--only", choices=("ingest", "neo4j"), help="run one of the two faults")
    parser.add_argument("path", nargs="?", type=Path, default=OFAC_XML)
    args = parser.parse_args()
    sys.exit(main(fault_settings(args.instance, args.bolt_port), args.path, args.at, args.only))
