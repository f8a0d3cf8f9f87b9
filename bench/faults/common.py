"""Shared by the fault scripts: their own embedded instance, graph snapshots, child processes.

Each script runs against an instance of its own (``--instance``, default ``f15``; ``--bolt-port``,
default 7720), never the demo's or the tests'. Everything is on loopback.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chokepoint import composition
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.settings import PROJECT_ROOT, Settings

CLI = PROJECT_ROOT / ".venv" / "bin" / "chokepoint"
OFAC_XML = PROJECT_ROOT.parent / "shared" / "data" / "ofac-sdn-advanced-xml" / "sdn_advanced.xml.bz2"
# Written by every ingest with the time of writing: the only values a reload may change.
TIMESTAMPS = frozenset({"ingestedAt", "firstSeenAt"})
NODES = CypherQuery("fault nodes", "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
RELATIONSHIPS = CypherQuery(
    "fault relationships",
    "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props",
)
COUNT = CypherQuery("fault count", "MATCH (n) RETURN count(n) AS nodes")


def add_instance_options(parser: Any) -> None:
    parser.add_argument("--instance", default="f15", help="embedded instance of the fault runs (emptied)")
    parser.add_argument("--bolt-port", type=int, default=7720)


def instance_env(instance: str, bolt_port: int) -> dict[str, str]:
    return {
        "CHOKEPOINT_INSTANCE": instance,
        "CHOKEPOINT_BOLT_PORT": str(bolt_port),
        "CHOKEPOINT_HEAP_SIZE": os.environ.get("CHOKEPOINT_HEAP_SIZE", "1g"),
        "CHOKEPOINT_PAGECACHE_SIZE": os.environ.get("CHOKEPOINT_PAGECACHE_SIZE", "512m"),
    }


def fault_settings(instance: str, bolt_port: int) -> Settings:
    os.environ.update(instance_env(instance, bolt_port))
    os.environ.pop("CHOKEPOINT_NEO4J_URI", None)
    return Settings()


def start_database(settings: Settings) -> float:
    """Start (or find) the instance; seconds until Bolt answered."""
    began = time.monotonic()
    composition.start_embedded(settings)
    return time.monotonic() - began


def emptied(settings: Settings) -> None:
    with composition.connect(settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        apply_schema(graph, composition.model_of(settings))


def node_count(settings: Settings) -> int:
    with composition.connect(settings) as graph:
        return int(graph.read(COUNT)[0]["nodes"])


@dataclass(frozen=True)
class Snapshot:
    """Node and relationship counts, and a SHA-256 over every id, label, type and property value
    (timestamps of writing excluded: see ``TIMESTAMPS``)."""

    nodes: int
    relationships: int
    checksum: str

    def __str__(self) -> str:
        return f"{self.nodes:,} nodes, {self.relationships:,} relationships, checksum {self.checksum[:16]}"


def snapshot(settings: Settings) -> Snapshot:
    with composition.connect(settings) as graph:
        return _snapshot(graph)


def _snapshot(graph: Graph) -> Snapshot:
    nodes = sorted(_line(row["id"], sorted(row["labels"]), row["props"]) for row in graph.read(NODES))
    rels = sorted(_line(row["a"], row["type"], row["b"], row["props"]) for row in graph.read(RELATIONSHIPS))
    digest = hashlib.sha256()
    for line in (*nodes, "--", *rels):
        digest.update(line.encode())
        digest.update(b"\n")
    return Snapshot(len(nodes), len(rels), digest.hexdigest())


def _line(*parts: Any) -> str:
    *head, props = parts
    kept = {key: value for key, value in props.items() if key not in TIMESTAMPS}
    return json.dumps([*head, kept], sort_keys=True, default=str, ensure_ascii=False)


def ingest_command(path: Path = OFAC_XML) -> list[str]:
    return [str(CLI), "ingest", "ofac-advanced", str(path)]


def run_child(command: list[str], env: dict[str, str]) -> tuple[int, float]:
    """Run to completion; (exit code, seconds)."""
    began = time.monotonic()
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  exit {done.returncode}: {(done.stderr or done.stdout).strip()[-400:]}")
    return done.returncode, time.monotonic() - began


@contextmanager
def child(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A background child in its own process group (killed with its group on the way out)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(condition: Any, limit_s: float, step_s: float = 0.2) -> bool:
    """Poll ``condition`` for at most ``limit_s``; whether it became true."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step_s)
    return False


def group_alive(pgid: int) -> list[int]:
    """Pids still in process group ``pgid`` (a worker left behind by a killed parent)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


@contextmanager
def served_api(settings: Settings, port: int, log: Path, **extra_env: str) -> Iterator[str]:
    """``chokepoint serve`` (development mode) on the instance at 127.0.0.1:``port``; its base URL."""
    import httpx

    env = instance_env(settings.instance, settings.bolt_port) | {"CHOKEPOINT_API_AUDIT_LOG": str(log)}
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("CHOKEPOINT_API_CONFIG", "CHOKEPOINT_NEO4J_URI")
    }
    base = f"http://127.0.0.1:{port}"
    with log.with_suffix(".server.log").open("wb") as out:
        process = subprocess.Popen(
            [str(CLI), "serve", "--port", str(port)],
            env=inherited | env | extra_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:

            def up() -> bool:
                try:
                    return httpx.get(f"{base}/ready", timeout=2).status_code == 200
                except httpx.HTTPError:
                    return process.poll() is not None

            if not wait_for(up, 120, 0.5) or process.poll() is not None:
                raise RuntimeError(f"`chokepoint serve` did not start; see {log.with_suffix('.server.log')}")
            yield base
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            process.wait()
