"""Issue 22's ingest and clustering figures on a real database: N seeded UTXO transactions through
``chokepoint ingest btc-transactions`` against raw ``UNWIND $rows CREATE`` of the same rows
(transactions/s and the ratio), then ``chokepoint cluster run`` over what was ingested against a
plain-Python union-find of the same transactions as read; at 100k and at 1M transactions.

    .venv/bin/python bench/btc_ingest.py [--sizes 100000,1000000] [--seed 22]

The transactions are generated once into ``.chokepoint/bench/btc-<N>/``, files of 100,000 in the
format's own envelope (IRS-CI, LES), as an analyst would fetch a chain slice in parts. Each spends 1
to 4 outputs held by earlier addresses and pays 1 or 2 outputs, six in seven of them to a fresh
address (valid bech32 or base58, so every address passes its chain's check), with a fee; one in 80 is
a Whirlpool-shaped mix (five inputs, five equal outputs).
It runs on its own embedded instance ("bench-btc", port 7693), emptied before each phase:

  baseline  each file parsed and batched as the normal path batches it (untimed), then its rows
            created with plain CREATE (timed): the database's floor;
  ingest    each file through the normal path (validate, batch, MERGE with provenance, and the
            SENT_FUNDS_TO totals of single payers' payments derived after it), timed per file, so the
            last file's rate shows what a graph of N-100k transactions costs it;
  cluster   on the ingested graph: ``service.run_all`` as ``cluster run`` calls it (every grant),
            its page reads timed apart from the rest; then, on the transactions it read, the
            clustering itself (``cluster_addresses``) against the plain-Python union-find of
            bench/clustering.py (told the mixes for free), best of 3 each. The three partitions are
            checked equal. Goal: clustering >= 10x the plain union-find.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_paths import graph_counts  # noqa: E402
from clustering import best, plain_partition  # noqa: E402
from raw_create import create_rows  # noqa: E402

from chokepoint import composition  # noqa: E402
from chokepoint.api.reads import GraphReads  # noqa: E402
from chokepoint.cli.cluster_cmd import _as_viewer  # noqa: E402 -- the CLI's connection and viewer
from chokepoint.clustering import service  # noqa: E402
from chokepoint.clustering.cluster_rules import default_rules  # noqa: E402
from chokepoint.clustering.co_spend import cluster_addresses  # noqa: E402
from chokepoint.clustering.seen import SeenTransaction, seen_transaction  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.service import ingest_source  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402
from chokepoint.synthetic import identifiers as ids  # noqa: E402

FORMAT, FILE_SIZE = "btc-transactions", 100_000
OPTIONS = Options(dataset="irs-ci-bench-btc", agency="IRS-CI", caveat="LES", synthetic=True)
EPOCH_BLOCK, EPOCH_SECONDS = 800_000, 1_690_000_000  # mid-2023; a block each 600 s from there
WHIRLPOOL = 1_000_000  # 0.01 BTC pool; each input brings 1,500 sats of fee


def settings() -> Settings:
    return Settings(instance="bench-btc", bolt_port=7693)


def _coins(sats: int) -> str:
    return f"{sats // 10**8}.{sats % 10**8:08d}"


def _address(rng: random.Random) -> str:
    return ids.btc_bech32(rng) if rng.random() < 0.7 else ids.btc_p2pkh(rng)


def _payee(rng: random.Random, holders: list[str]) -> str:
    """Most outputs pay a fresh address, which then holds coins; one in seven pays a holder again."""
    if rng.random() < 1 / 7:
        return rng.choice(holders)
    holders.append(_address(rng))
    return holders[-1]


def _transaction(rng: random.Random, index: int, holders: list[str]) -> dict[str, Any]:
    block = EPOCH_BLOCK + index // 2_000
    if rng.random() < 1 / 80:
        ins = [(a, WHIRLPOOL + 1_500) for a in rng.sample(holders, 5)]
        outs = [(_payee(rng, holders), WHIRLPOOL) for _ in range(5)]
    else:
        ins = [
            (rng.choice(holders), rng.randrange(50_000, 100_000_000))
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))
        ]
        spendable = sum(v for _, v in ins) - rng.randrange(500, 20_000)
        paid = rng.randrange(1, spendable) if rng.random() < 0.5 else spendable
        outs = [(_payee(rng, holders), paid)]
        if paid < spendable:
            outs.append((_payee(rng, holders), spendable - paid))
    return {
        "txid": rng.randbytes(32).hex(),
        "block": block,
        "timestamp": EPOCH_SECONDS + (block - EPOCH_BLOCK) * 600,
        "fee": _coins(sum(v for _, v in ins) - sum(v for _, v in outs)),
        "inputs": [
            {
                "address": a,
                "value": _coins(v),
                "spentTxid": rng.randbytes(32).hex(),
                "spentVout": rng.randrange(4),
            }
            for a, v in ins
        ],
        "outputs": [{"address": a, "value": _coins(v)} for a, v in outs],
    }


COUNT_TOTALS = CypherQuery("count_totals", "MATCH ()-[r:SENT_FUNDS_TO]->() RETURN count(r) AS n")


def generate(data: Path, count: int, seed: int) -> list[Path]:
    """The files of ``count`` transactions, written once (``done.json`` marks a finished set)."""
    files = [data / f"btc-{start:07d}.json" for start in range(0, count, FILE_SIZE)]
    if (data / "done.json").is_file():
        return files
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 -- reproducible bench data, not secrets
    holders = [_address(rng) for _ in range(1_000)]  # the addresses holding coins when the slice begins
    for path in files:
        first = int(path.stem.split("-")[1])
        envelope = {
            "format": FORMAT,
            "version": 1,
            "dataset": OPTIONS.dataset,
            "agency": OPTIONS.agency,
            "caveat": OPTIONS.caveat,
            "published": "2026-12-01",
            "synthetic": True,
            "records": [_transaction(rng, i, holders) for i in range(first, min(count, first + FILE_SIZE))],
        }
        path.write_text(json.dumps(envelope))
    (data / "done.json").write_text(json.dumps({"transactions": count, "addresses": len(holders)}))
    print(f"generated {count:,} transactions in {len(files)} files in {time.perf_counter() - started:.0f} s")
    return files


def empty_database(config: Settings) -> None:
    with composition.connect(config) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        apply_schema(graph, composition.model_of(config))


def baseline(config: Settings, files: list[Path]) -> float:
    model = composition.model_of(config)
    seen: set[str] = set()
    with composition.connect(config) as graph:
        return sum(create_rows(graph, model, opener(FORMAT)(path, OPTIONS), seen) for path in files)


def ingest(config: Settings, files: list[Path]) -> list[float]:
    """Each file through the normal path: its seconds (nothing may be rejected)."""
    model = composition.model_of(config)
    rejects = config.home / "rejects" / "bench-btc.jsonl"
    seconds = []
    with composition.connect(config) as graph:
        for path in files:
            started = time.perf_counter()
            for parsed in opener(FORMAT)(path, OPTIONS):
                report = ingest_source(graph, model, parsed, rejects)
                if report.rejected:
                    raise SystemExit(f"{path}: {len(report.rejected)} rejected, e.g. {report.rejected[0]}")
            seconds.append(time.perf_counter() - started)
    return seconds


class TimedReads:
    """``GraphReads`` whose page reads are timed, so clustering's own time is the rest."""

    def __init__(self, reads: GraphReads) -> None:
        self.inner, self.seconds, self.rows = reads, 0.0, []  # type: list[Any]

    @property
    def grants(self) -> list[str]:
        return self.inner.grants

    async def cluster_chains(self) -> list[str]:
        return await self.inner.cluster_chains()

    async def cluster_transactions(self, chain: str, after: str, limit: int) -> list[Any]:
        started = time.perf_counter()
        rows = await self.inner.cluster_transactions(chain, after, limit)
        self.seconds += time.perf_counter() - started
        self.rows.extend(rows)
        return rows

    async def cluster_spends(self, ids: Any, seen: Any, limit: int) -> list[Any]:
        return await self.inner.cluster_spends(ids, seen, limit)

    async def address(self, chain: str, address: str) -> Any:
        return await self.inner.address(chain, address)


def cluster(config: Settings) -> tuple[float, float, list[service.ChainRun], list[SeenTransaction]]:
    """``run_all`` as ``cluster run`` runs it (the CLI's every-grant viewer): its seconds, the page
    reads' share, its runs, and the transactions it read (as the viewer sees them)."""

    async def timed_run(
        inner: GraphReads,
    ) -> tuple[float, float, list[service.ChainRun], list[SeenTransaction]]:
        reads = TimedReads(inner)
        started = time.perf_counter()
        runs = await service.run_all(reads, default_rules())
        seconds = time.perf_counter() - started
        return seconds, reads.seconds, runs, [seen_transaction(row, reads.grants) for row in reads.rows]

    return _as_viewer(config, None, timed_run)


def one_size(config: Settings, count: int, seed: int) -> None:
    files = generate(config.home / "bench" / f"btc-{count}", count, seed)
    empty_database(config)
    raw = baseline(config, files)
    with composition.connect(config) as graph:
        raw_counts = graph_counts(graph)
    empty_database(config)
    per_file = ingest(config, files)
    with composition.connect(config) as graph:
        counts = graph_counts(graph)
        totals = int(graph.read(COUNT_TOTALS)[0]["n"])
    # the SENT_FUNDS_TO totals are derived after each file (refresh_transfer_totals), not rows of it
    if counts != {**raw_counts, "relationships": raw_counts["relationships"] + totals}:
        raise SystemExit(f"ingest wrote {counts} with {totals} SENT_FUNDS_TO totals, raw CREATE {raw_counts}")
    total = sum(per_file)
    last = count - FILE_SIZE * (len(files) - 1)
    print(
        f"{count:,} transactions -> {counts['nodes']:,} nodes, {counts['relationships']:,} relationships "
        f"({totals:,} of them SENT_FUNDS_TO totals the ingest derives after each file; raw CREATE has none)"
    )
    print(f"  raw CREATE        {raw:8.1f} s  {count / raw:9,.0f} tx/s")
    print(
        f"  ingest            {total:8.1f} s  {count / total:9,.0f} tx/s   "
        f"ratio ingest / raw = {total / raw:.2f}"
        f"   (first file {min(count, FILE_SIZE) / per_file[0]:,.0f} tx/s, "
        f"last {last / per_file[-1]:,.0f} tx/s)"
    )
    seconds, read_seconds, runs, seen = cluster(config)
    clusterings = [run.clustering for run in runs if run.clustering is not None]
    mixes = {txid for clustering in clusterings for txid in clustering.coinjoins}
    ours = {a: p for clustering in clusterings for a, p in clustering.partition().items()}
    print(
        f"  cluster run       {seconds:8.1f} s: {read_seconds:.1f} s reading {len(seen):,} transactions in "
        f"pages, {seconds - read_seconds:.1f} s the rest (rows to transactions, clustering, change "
        f"suggestions); {len(set(ours.values())):,} clusters of {len(ours):,} addresses, {len(mixes):,} "
        "mixes skipped"
    )
    transactions = [item.tx for item in seen]
    (clustering_s, clustering), (plain_s, plain) = best(
        3, lambda: cluster_addresses(transactions), lambda: plain_partition(transactions, mixes)
    )
    if not clustering.partition() == plain == ours:
        raise SystemExit("cluster run, cluster_addresses and the plain union-find disagree")
    print(
        f"  on the transactions read: cluster_addresses {clustering_s:.2f} s (CoinJoin detection, "
        f"evidence, the Rust union-find), plain-Python union-find {plain_s:.2f} s (told the mixes): "
        f"ratio {plain_s / clustering_s:.2f}x (goal >= 10x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="transaction counts, comma-separated")
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    config = settings()
    start = composition.start_embedded(config)
    print(
        f"Neo4j {start.version} on {config.bolt_uri} (instance 'bench-btc', heap {config.heap_size}, "
        f"page cache {config.pagecache_size})"
    )
    for count in (int(size) for size in args.sizes.split(",")):
        one_size(config, count, args.seed)


if __name__ == "__main__":
    main()
