"""Initial bulk load: ``neo4j-admin database import full`` into the embedded instance.

The import tool (``neo4j-import-tool``) is part of the server's Maven runtime, so it is the same
Neo4j version as the server and runs from the same classpath through ``org.neo4j.cli.AdminTool``,
with ``NEO4J_HOME``/``NEO4J_CONF`` pointing at the instance (the tool refuses to start without
``NEO4J_HOME``). It writes store files directly: the server must be stopped, and the database is
replaced (``--overwrite-destination``). Constraints and indexes are created after the restart.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chokepoint.errors import ConfigurationError, NotFound, ServerError
from chokepoint.graph import Graph
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.ingest.bulk_csv import ARGS_FILE
from chokepoint.schema import DomainModel
from chokepoint.server import launcher
from chokepoint.server.conf import render_conf
from chokepoint.server.runtime import ADMIN_TOOL, ensure_runtime
from chokepoint.server.toolchain import find_java
from chokepoint.settings import Settings

REPORT_FILE = "import.report"
LOG_FILE = "bulk-import.log"
FAILURE_LINES = 15
_DONE = re.compile(r"IMPORT DONE in ([^.\n]+)")
_COUNT = re.compile(r"^\s*(\d+) (nodes|relationships|properties)\s*$", re.MULTILINE)
_DURATION_PART = re.compile(r"(\d+)(ms|h|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
# Stack frames, and the tool's note on its partial store (which bulk_load removes itself).
_NOISE = ("at ", "... ", "WARNING Import failed.")


@dataclass(frozen=True)
class ImportSummary:
    """What the import tool reports, plus how long it ran (its own timer and wall clock)."""

    neo4j_version: str
    nodes: int
    relationships: int
    properties: int
    seconds: float  # the tool's "IMPORT DONE in …" (excludes JVM start-up)
    wall_seconds: float
    log_file: Path

    @property
    def nodes_per_s(self) -> float:
        return self.nodes / self.seconds if self.seconds else 0.0

    @property
    def relationships_per_s(self) -> float:
        return self.relationships / self.seconds if self.seconds else 0.0


def bulk_load(
    settings: Settings, directory: Path, model: DomainModel, restart: Callable[[], Graph]
) -> ImportSummary:
    """Stop the embedded server, import ``directory`` into its database, restart, apply the schema.

    ``directory`` is what ``bulk_csv.write_import_files`` wrote. Everything in the database is
    replaced. ``restart`` starts the server again and connects to it (the composition root's
    ``chokepoint.composition.bulk_load`` passes it in). Returns once the schema's indexes are online.
    """
    if not settings.embedded:
        raise ConfigurationError(
            "Bulk import writes the store files of the embedded instance, but CHOKEPOINT_NEO4J_URI "
            f"points at {settings.neo4j_uri}. On that server, stop the database and run "
            f"`neo4j-admin database import full @{ARGS_FILE} neo4j` in the folder of CSV files "
            "(see docs/deployment.md), or load it with `chokepoint ingest`."
        )
    if not (directory / ARGS_FILE).is_file():
        raise NotFound(f"{directory} holds no {ARGS_FILE}: write it with `chokepoint db import --source …`")
    launcher.stop(settings)
    summary = run_import_tool(settings, directory)
    with restart() as graph:
        apply_schema(graph, model)  # waits until the indexes are online
    return summary


def run_import_tool(settings: Settings, directory: Path) -> ImportSummary:
    """Run ``database import full`` on the stopped instance; raise with the tool's report on failure."""
    java = find_java(settings.java)
    runtime = ensure_runtime(settings)
    instance = launcher.instance_of(settings)
    _write_conf(settings, instance)
    log_file = instance.logs_dir / LOG_FILE
    report = directory.resolve() / REPORT_FILE
    report.unlink(missing_ok=True)
    command = [
        str(java),
        f"-Xmx{settings.heap_size}",
        "-Dfile.encoding=UTF-8",
        "-cp",
        runtime.classpath,
        f"-Dneo4j.home={instance.root}",
        f"-Dneo4j.conf={instance.conf_dir}",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        f"@{ARGS_FILE}",
        "--verbose",  # without it a failure names no cause ("Error importing csv file.")
        "--overwrite-destination=true",
        f"--max-off-heap-memory={settings.pagecache_size}",
        f"--report-file={report}",
        settings.neo4j_database,
    ]
    env = {**os.environ, "NEO4J_HOME": str(instance.root), "NEO4J_CONF": str(instance.conf_dir)}
    began = time.monotonic()
    with log_file.open("w", encoding="utf-8") as log:
        done = subprocess.run(
            command, cwd=directory, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    wall = time.monotonic() - began
    output = log_file.read_text(encoding="utf-8", errors="replace")
    if done.returncode != 0 or not _DONE.search(output):
        _remove_partial_store(settings, instance)
        raise ServerError(_failure_message(done.returncode, output, report, log_file, settings))
    nodes, relationships, properties, seconds = parse_summary(output)
    return ImportSummary(runtime.version, nodes, relationships, properties, seconds, wall, log_file)


def parse_summary(output: str) -> tuple[int, int, int, float]:
    """Nodes, relationships, properties and seconds from the tool's closing summary."""
    done = _DONE.search(output)
    if done is None:
        raise ServerError("The import tool printed no 'IMPORT DONE' summary.")
    tail = output[done.end() :]
    counts = {kind: int(number) for number, kind in _COUNT.findall(tail)}
    seconds = sum(int(n) * _UNIT_SECONDS[unit] for n, unit in _DURATION_PART.findall(done.group(1)))
    return counts.get("nodes", 0), counts.get("relationships", 0), counts.get("properties", 0), seconds


def _write_conf(settings: Settings, instance: launcher.Instance) -> None:
    """The instance's neo4j.conf (as a start writes it), so a never-started instance can import."""
    for folder in (instance.conf_dir, instance.data_dir, instance.logs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    (instance.conf_dir / "neo4j.conf").write_text(render_conf(settings, instance.root), encoding="utf-8")


def _remove_partial_store(settings: Settings, instance: launcher.Instance) -> None:
    """A failed import leaves unusable store files (the tool says so); without them the next start
    creates the database empty instead of failing to open it."""
    for kind in ("databases", "transactions"):
        shutil.rmtree(instance.data_dir / kind / settings.neo4j_database, ignore_errors=True)


def _failure_message(code: int, output: str, report: Path, log_file: Path, settings: Settings) -> str:
    bad = report.read_text(encoding="utf-8", errors="replace").splitlines() if report.is_file() else []
    shown = "\n".join(f"  {line}" for line in tool_error_lines(output)) or "  (no output)"
    report_part = (
        f"\nBad entries ({report}):\n" + "\n".join(f"  {line}" for line in bad[:FAILURE_LINES]) if bad else ""
    )
    return (
        f"neo4j-admin database import failed (exit {code}). The embedded server is stopped and the "
        f"tool's partial {settings.neo4j_database!r} database was removed: fix the input and import "
        f"again, or `chokepoint db start` for an empty database. Full output: {log_file}. "
        f"The tool says:\n{shown}{report_part}"
    )


def tool_error_lines(output: str) -> list[str]:
    """The tool's failure, without progress dots, stack frames or repeated cause blocks."""
    lines = output.splitlines()
    failed = [i for i, line in enumerate(lines) if "IMPORT FAILED" in line]
    start = failed[0] if failed else max(0, len(lines) - FAILURE_LINES)
    seen: set[str] = set()
    out: list[str] = []
    for line in lines[start:]:
        text = line.strip()
        if not text or "......" in text or text.startswith(_NOISE) or text in seen:
            continue
        seen.add(text)
        out.append(line.rstrip())
    return out[: 2 * FAILURE_LINES]
