"""P1: the full sdn_advanced.xml end to end into an empty database, against a baseline.

    .venv/bin/python bench/ofac_ingest.py [path/to/sdn_advanced.xml[.bz2]] [--instance bench --bolt-port 7689]

Runs on its own embedded instance ("bench", port 7689, default memory; ``--instance``/``--bolt-port``
name another while "bench" is busy with another benchmark). Each measured phase runs
in a fresh Python process so its peak RSS is its own:
  parse     iterate the adapter's records only;
  baseline  raw ``UNWIND $rows CREATE`` of the same (validated, de-duplicated) rows, no MERGE logic;
  ingest    the normal path (`chokepoint ingest ofac-advanced`): a reader process parses and validates,
            this process MERGEs the batches with provenance, into an emptied database.
Ratio = ingest / (parse + baseline).
"""

from __future__ import annotations

import argparse
import bz2
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chokepoint import composition  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.graph.statements import q  # noqa: E402
from chokepoint.ingest.batcher import NodeBatch, RelationshipBatch, Row, RowBatcher, Signature  # noqa: E402
from chokepoint.ingest.ofac_advanced import OfacAdvancedReader  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.service import ingest_source  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.ingest.writer import batch_parameters  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "ofac-sdn-advanced-xml" / "sdn_advanced.xml.bz2"
INSTANCE = {"name": "bench", "bolt_port": "7689"}  # set from --instance / --bolt-port


def settings() -> Settings:
    return Settings(instance=INSTANCE["name"], bolt_port=int(INSTANCE["bolt_port"]))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_parse(xml: Path) -> dict[str, float]:
    started = time.perf_counter()
    count = sum(1 for _ in OfacAdvancedReader(xml).open().records)
    return {"seconds": time.perf_counter() - started, "records": count, "rss_mb": peak_rss_mb()}


def phase_ingest(xml: Path) -> dict[str, float]:
    config = settings()
    with composition.connect(config) as graph:
        started = time.perf_counter()
        (source,) = opener("ofac-advanced")(xml, Options())  # as `chokepoint ingest` opens it: reader process
        report = ingest_source(
            graph, composition.model_of(config), source, Path(tempfile.mkdtemp()) / "rejects.jsonl"
        )
        seconds = time.perf_counter() - started
    counts = report.counts
    return {
        "seconds": seconds,
        "records": report.read,
        "created": counts.created,
        "rss_mb": peak_rss_mb(),
        "rejected": len(report.rejected),
    }


def capture_rows(
    xml: Path,
) -> tuple[dict[str, dict[str, Row]], dict[Signature, list[Row]], dict[str, object]]:
    """The validated rows the normal path would send, first row per element (CREATE must not repeat)."""
    config = settings()
    model = composition.model_of(config)
    source = OfacAdvancedReader(xml).open()
    batcher = RowBatcher(model)
    nodes: dict[str, dict[str, Row]] = {}
    rels: dict[Signature, list[Row]] = {}
    for record in source.records:
        for event in batcher.add(record):
            _keep(event, nodes, rels)
    for event in batcher.finish():
        _keep(event, nodes, rels)
    return nodes, rels, batch_parameters(model, source.provenance)


def _keep(event: object, nodes: dict[str, dict[str, Row]], rels: dict[Signature, list[Row]]) -> None:
    if isinstance(event, NodeBatch):
        for row in event.rows:
            nodes.setdefault(event.label, {}).setdefault(row["props"]["id"], row)
    elif isinstance(event, RelationshipBatch):
        rels.setdefault(event.signature, []).extend(event.rows)


def phase_baseline(xml: Path) -> dict[str, float]:
    nodes, rels, _ = capture_rows(xml)
    with composition.connect(settings()) as graph:
        started = time.perf_counter()
        rows_sent = 0
        for label, rows in nodes.items():
            create = CypherQuery(
                "create", f"UNWIND $rows AS row CREATE (x:{q(label)}:Entity) SET x = row.props"
            )
            for sent, _ in graph.write_batches(create, list(rows.values()), 10000):
                rows_sent += sent
        for (rel_type, _, _), rel_rows in rels.items():
            create = CypherQuery(
                "create",
                "UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
                f"CREATE (a)-[x:{q(rel_type)}]->(b) SET x = row.props",
            )
            for sent, _ in graph.write_batches(create, rel_rows, 10000):
                rows_sent += sent
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "records": rows_sent, "rss_mb": peak_rss_mb()}


PHASES = {"parse": phase_parse, "ingest": phase_ingest, "baseline": phase_baseline}


def run_phase(name: str, xml: Path) -> dict[str, float]:
    command = [
        sys.executable,
        __file__,
        "--phase",
        name,
        str(xml),
        "--instance",
        INSTANCE["name"],
        "--bolt-port",
        INSTANCE["bolt_port"],
    ]
    instance = {"CHOKEPOINT_INSTANCE": INSTANCE["name"], "CHOKEPOINT_BOLT_PORT": INSTANCE["bolt_port"]}
    env = {**os.environ, **instance}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def empty_database() -> None:
    config = settings()
    with composition.connect(config) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        apply_schema(graph, composition.model_of(config))


def main(source: Path) -> None:
    config = settings()
    start = composition.start_embedded(config)
    print(
        f"Neo4j {start.version} on {config.bolt_uri} (instance {config.instance!r}, "
        f"heap {config.heap_size}, page cache {config.pagecache_size})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        xml = source
        if source.suffix == ".bz2":
            xml = Path(tmp) / "sdn_advanced.xml"
            with bz2.open(source, "rb") as packed, xml.open("wb") as plain:
                shutil.copyfileobj(packed, plain, 1 << 20)
        print(f"Source: {xml.name}, {xml.stat().st_size / 1e6:.1f} MB uncompressed")
        empty_database()
        run_phase("ingest", xml)  # warm-up: JIT, page cache, query plans (not reported)
        results = {}
        for name in ("parse", "baseline", "ingest"):
            empty_database()
            results[name] = run_phase(name, xml)
    parse, baseline, ingest = results["parse"], results["baseline"], results["ingest"]
    reference = parse["seconds"] + baseline["seconds"]
    print(
        f"parse only          {parse['seconds']:6.1f} s   {parse['records']:>8.0f} records  "
        f"peak RSS {parse['rss_mb']:5.0f} MB"
    )
    print(
        f"raw UNWIND CREATE   {baseline['seconds']:6.1f} s   {baseline['records']:>8.0f} rows     "
        f"peak RSS {baseline['rss_mb']:5.0f} MB"
    )
    print(
        f"ingest (end to end) {ingest['seconds']:6.1f} s   {ingest['records']:>8.0f} records  "
        f"peak RSS {ingest['rss_mb']:5.0f} MB  ({ingest['rejected']:.0f} rejected)"
    )
    print(
        f"baseline = parse + CREATE = {reference:.1f} s;  ratio ingest / baseline = "
        f"{ingest['seconds'] / reference:.2f}   (goals: ingest <= 30 s, ratio <= 1.5)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--instance", default="bench", help="embedded instance to run on (emptied)")
    parser.add_argument("--bolt-port", type=int, default=7689)
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)  # one measured phase
    args = parser.parse_args()
    INSTANCE.update(name=args.instance, bolt_port=str(args.bolt_port))
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.source)))
    else:
        main(args.source)
