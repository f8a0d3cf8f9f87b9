"""P2: bench-size agency ingest - relationships per second through the normal path, the raw
``UNWIND $rows CREATE`` baseline and Neo4j's own ``neo4j-admin database import``, in one run.

    .venv/bin/python bench/agency_ingest.py [--transfers N] [--phases ingest,baseline,import]

The data is the seeded bench set of ``chokepoint generate --size bench`` (wallet-ledger CSV chunks:
Transfer nodes, SENT and RECEIVED per transfer, SENT_FUNDS_TO totals derived after the ingest),
generated once into ``.chokepoint/bench/p2-<transfers>``. It runs on its own embedded instance
("bench-ingest", port 7691, default memory), since the import phase replaces the whole database.
Each phase runs in a fresh Python process, so its peak RSS is its own, on an emptied database:
  ingest    the normal path: each chunk through `chokepoint ingest wallet-ledger` (validate, batch,
            MERGE with provenance), then the SENT_FUNDS_TO totals;
  baseline  raw ``UNWIND $rows CREATE`` of the same validated rows (no MERGE, no totals);
  import    the bulk path: the same records folded in memory, written as import CSVs, loaded by
            ``neo4j-admin database import full`` (the server is stopped meanwhile).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from raw_create import create_rows  # noqa: E402

from chokepoint import composition  # noqa: E402
from chokepoint.composition import bulk_load  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.ingest.bulk_csv import write_import_files  # noqa: E402
from chokepoint.ingest.bulk_merge import BulkGraph  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.service import ingest_source  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402
from chokepoint.synthetic import bench  # noqa: E402
from chokepoint.synthetic.ofac import load_excerpt  # noqa: E402
from chokepoint.synthetic.world import build_world  # noqa: E402

# Its own instance: the import phase replaces the whole database, so it must not share "bench".
BENCH_ENV = {"CHOKEPOINT_INSTANCE": "bench-ingest", "CHOKEPOINT_BOLT_PORT": "7691"}
LEDGER = Options(dataset="irs-ci-bulk-ledger", agency="IRS-CI", caveat="LES", synthetic=True)
SEED = 7
COUNT_RELATIONSHIPS = CypherQuery("count", "MATCH ()-[r]->() RETURN count(r) AS n")
COUNT_NODES = CypherQuery("count", "MATCH (n) RETURN count(n) AS n")


def settings() -> Settings:
    return Settings(instance="bench-ingest", bolt_port=7691)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ledger_files(data: Path) -> list[Path]:
    return sorted((data / bench.LEDGER_DIR).glob("*.csv"))


def generate(data: Path, transfers: int) -> None:
    """Write the bench set once; a finished set is marked by ``counts.json``."""
    if (data / "counts.json").is_file():
        return
    world = build_world(SEED, load_excerpt(ROOT / "demo" / "ofac_excerpt.json"))
    started = time.perf_counter()
    counts = bench.stream_ledger(world, data, bench.BenchSize(transfers))
    expected = {"nodes": counts.nodes, "relationships": counts.relationships, "transfers": counts.transfers}
    (data / "counts.json").write_text(json.dumps(expected))
    print(f"generated {counts.transfers:,} transfers in {time.perf_counter() - started:.0f} s")


def graph_counts(graph: object) -> tuple[int, int]:
    nodes = graph.read(COUNT_NODES)[0]["n"]  # type: ignore[attr-defined]
    rels = graph.read(COUNT_RELATIONSHIPS)[0]["n"]  # type: ignore[attr-defined]
    return nodes, rels


def phase_ingest(data: Path) -> dict[str, float]:
    config = settings()
    model = composition.model_of(config)
    rejects = Path(tempfile.mkdtemp()) / "rejects.jsonl"
    rejected = 0
    with composition.connect(config) as graph:
        started = time.perf_counter()
        for path in ledger_files(data):
            for parsed in opener("wallet-ledger")(path, LEDGER):
                rejected += len(ingest_source(graph, model, parsed, rejects).rejected)
        seconds = time.perf_counter() - started
        nodes, rels = graph_counts(graph)
    return {
        "seconds": seconds,
        "nodes": nodes,
        "relationships": rels,
        "rejected": rejected,
        "rss_mb": peak_rss_mb(),
    }


def phase_baseline(data: Path) -> dict[str, float]:
    """Parse and validate each chunk (untimed), then CREATE its rows (timed): the database's floor."""
    config = settings()
    model = composition.model_of(config)
    seconds = 0.0
    seen: set[str] = set()  # addresses recur across chunks; CREATE must not repeat a node
    with composition.connect(config) as graph:
        for path in ledger_files(data):
            seconds += create_rows(graph, model, opener("wallet-ledger")(path, LEDGER), seen)
        nodes_total, rels_total = graph_counts(graph)
    return {"seconds": seconds, "nodes": nodes_total, "relationships": rels_total, "rss_mb": peak_rss_mb()}


def phase_import(data: Path) -> dict[str, float]:
    """Fold, write the import CSVs (timed apart), run neo4j-admin (its own timer and wall clock)."""
    config = settings()
    model = composition.model_of(config)
    started = time.perf_counter()
    bulk = BulkGraph(model)
    parsed = [part for path in ledger_files(data) for part in opener("wallet-ledger")(path, LEDGER)]
    for part in parsed:
        bulk.add_records(part.provenance, part.records)
    with tempfile.TemporaryDirectory(dir=config.home) as folder:
        write_import_files(model, bulk, Path(folder))
        prepare_seconds = time.perf_counter() - started
        del bulk
        summary = bulk_load(config, Path(folder))
    totals_started = time.perf_counter()
    with composition.connect(config) as graph:
        for part in parsed:
            if part.finish is not None:
                part.finish(graph)
        totals_seconds = time.perf_counter() - totals_started
        nodes, rels = graph_counts(graph)
    return {
        "seconds": summary.seconds,
        "wall_seconds": summary.wall_seconds,
        "prepare_seconds": prepare_seconds,
        "totals_seconds": totals_seconds,
        "imported_relationships": summary.relationships,
        "nodes": nodes,
        "relationships": rels,
        "rss_mb": peak_rss_mb(),
    }


PHASES = {"ingest": phase_ingest, "baseline": phase_baseline, "import": phase_import}


def run_phase(name: str, data: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", name, "--data", str(data)]
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **BENCH_ENV}, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def empty_database() -> None:
    config = settings()
    with composition.connect(config) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        apply_schema(graph, composition.model_of(config))


def main(transfers: int, phases: list[str]) -> None:
    config = settings()
    data = config.home / "bench" / f"p2-{transfers}"
    data.mkdir(parents=True, exist_ok=True)
    generate(data, transfers)
    expected = json.loads((data / "counts.json").read_text())
    start = composition.start_embedded(config)
    print(
        f"Neo4j {start.version} on {config.bolt_uri} (instance 'bench-ingest', heap {config.heap_size}, "
        f"page cache {config.pagecache_size}); {expected['transfers']:,} transfers -> "
        f"{expected['nodes']:,} nodes, {expected['relationships']:,} relationships expected"
    )
    results = {}
    for name in phases:
        empty_database()
        results[name] = result = run_phase(name, data)
        rate = result["relationships"] / result["seconds"]
        print(
            f"{name:9s} {result['seconds']:7.1f} s  {result['nodes']:>10,.0f} nodes  "
            f"{result['relationships']:>10,.0f} rels  {rate:>9,.0f} rels/s  "
            f"peak RSS {result['rss_mb']:6.0f} MB"
        )
        if name == "import":
            tool_rate = result["imported_relationships"] / result["seconds"]
            print(
                f"          neo4j-admin: {tool_rate:,.0f} rels/s "
                f"on its own timer ({result['wall_seconds']:.1f} s wall with JVM start, restart and "
                f"indexes; {result['prepare_seconds']:.1f} s to fold and write the CSVs; "
                f"{result['totals_seconds']:.1f} s for the SENT_FUNDS_TO totals)"
            )
    if "ingest" in results and "baseline" in results:
        ingest, baseline = results["ingest"], results["baseline"]
        print(
            f"ratio ingest / raw CREATE (seconds) = {ingest['seconds'] / baseline['seconds']:.2f}; "
            "goals: ingest >= 50,000 rels/s, neo4j-admin import >= 300,000 rels/s"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=bench.BenchSize.transfers)
    parser.add_argument("--phases", default="ingest,baseline,import")
    parser.add_argument("--phase")
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.data)))
    else:
        main(args.transfers, args.phases.split(","))
