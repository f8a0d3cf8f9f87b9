"""Issue 14: what a file's hash costs the store, stored once per file against copied onto each element.

    .venv/bin/python bench/store_size.py [path/to/sdn_advanced.xml[.bz2]] [--instance store --bolt-port 7697]

Loads the full OFAC SDN advanced XML (171k elements, every one from the same file) into an emptied
embedded instance with the normal ingest, stops Neo4j cleanly and measures the database's store files
(``data/databases/<db>``, transaction logs left out): the layout elements have now, a 60-bit key each
and one ``SourceFile`` node holding the hash. Then the baseline, on the same graph in the same run:
every element's key replaced by the 64-character hash itself (the layout before issue 14's last item),
stopped cleanly and measured again. Prints both and the ratio. The instance is DELETED and created
anew at the start.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chokepoint import composition  # noqa: E402
from chokepoint.graph.queries import CypherQuery  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.service import ingest_source  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.server.launcher import instance_of, stop  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "ofac-sdn-advanced-xml" / "sdn_advanced.xml.bz2"
# The layout before: each element holds the hash its file's node holds (bench-only Cypher).
COPY_HASH_TO_NODES = CypherQuery(
    "copy_hash_to_nodes",
    "MATCH (n:Entity) WHERE n.sourceFile IS NOT NULL "
    "CALL (n) { MATCH (f:SourceFile {key: n.sourceFile}) "
    "REMOVE n.sourceFile SET n.sourceFileSha256 = f.sha256 } IN TRANSACTIONS OF 10000 ROWS",
)
COPY_HASH_TO_LINKS = CypherQuery(
    "copy_hash_to_links",
    "MATCH (:Entity)-[r]->() WHERE r.sourceFile IS NOT NULL "
    "CALL (r) { MATCH (f:SourceFile {key: r.sourceFile}) "
    "REMOVE r.sourceFile SET r.sourceFileSha256 = f.sha256 } IN TRANSACTIONS OF 10000 ROWS",
)
COUNTS = CypherQuery(
    "counts",
    "MATCH (n:Entity) WITH count(n) AS nodes "
    "MATCH (:Entity)-[r]->() RETURN nodes, count(r) AS links, "
    "count { MATCH (f:SourceFile) } AS files",
)


def store_bytes(config: Settings) -> int:
    """The database's store files, Neo4j stopped (transaction logs are elsewhere and left out)."""
    folder = instance_of(config).data_dir / "databases" / config.neo4j_database
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measured(config: Settings) -> int:
    stop(config)
    size = store_bytes(config)
    composition.start_embedded(config)
    return size


def main(source: Path, config: Settings) -> None:
    stop(config)  # a new instance: a deleted graph's freed records would otherwise be counted
    shutil.rmtree(instance_of(config).root, ignore_errors=True)
    start = composition.start_embedded(config)
    print(f"Neo4j {start.version} on {config.bolt_uri} (instance {config.instance!r}, created anew)")
    model = composition.model_of(config)
    with composition.connect(config) as graph:
        apply_schema(graph, model)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            for parsed in opener("ofac-advanced")(source, Options()):
                ingest_source(graph, model, parsed, Path(tmp) / "rejects.jsonl")
        print(f"OFAC SDN advanced loaded in {time.perf_counter() - started:.1f} s")
        counts = graph.read(COUNTS)[0]
    print(f"{counts['nodes']} nodes, {counts['links']} relationships, {counts['files']} SourceFile node(s)")
    keyed = measured(config)
    with composition.connect(config) as graph:
        graph.run_autocommit(COPY_HASH_TO_NODES)
        graph.run_autocommit(COPY_HASH_TO_LINKS)
    copied = measured(config)
    stop(config)
    print(f"hash on each element (before): {copied / 1e6:8.1f} MB")
    print(f"key on each element (now):     {keyed / 1e6:8.1f} MB")
    print(f"ratio now / before = {keyed / copied:.3f}  (saved {(copied - keyed) / 1e6:.1f} MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--instance", default="store", help="embedded instance to run on (DELETED first)")
    parser.add_argument("--bolt-port", type=int, default=7697)
    args = parser.parse_args()
    main(args.source, Settings(instance=args.instance, bolt_port=args.bolt_port))
