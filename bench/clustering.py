"""Issue 22: co-spend clustering against a plain-Python union-find on the same transactions.

    .venv/bin/python bench/clustering.py [--transactions 100000] [--seed 22] [--rounds 3]
    .venv/bin/python bench/clustering.py --transactions 1000000

No database. Generates N seeded random transactions (1 to 4 inputs over a pool of N addresses,
5 % of them unaddressed; 1 or 2 outputs; 1 in 80 a Whirlpool or Wasabi-like mix), untimed, then times,
best of ``--rounds``, interleaved:

* end to end: ``cluster_addresses`` (CoinJoin detection, evidence kept, GraphSense's Rust union-find,
  address -> least address of its cluster) against the unit test's dict union-find on address
  strings (path halving, union by size, then each set's least address), told the mixes for free;
* the union-find alone, on the same interned id lists: ``gs_clustering`` fed the flat Arrow buffers
  ``co_spend`` fills while interning (``IdGroups``; packing them from the lists is timed apart and
  printed with a second ratio) against a plain-Python list union-find (path compression, union by
  size, then every id's root).

Both sides' partitions are checked equal before anything is printed. Goal: >= 10x plain Python.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chokepoint.clustering import Transaction, TxInput, TxOutput, cluster_addresses  # noqa: E402
from chokepoint.clustering.disjoint_sets import IdGroups, components  # noqa: E402


def generate(count: int, seed: int) -> tuple[list[Transaction], set[str]]:
    rng = random.Random(seed)  # noqa: S311 -- reproducible bench data, not secrets
    pool = [f"bc1q{index:038d}" for index in range(max(12, count))]
    values = [Decimal(rng.randint(1, 10**8)) / 10**8 for _ in range(1000)]
    pool_value, mix_input = Decimal("0.01"), Decimal("0.0101")
    built: list[Transaction] = []
    mixes: set[str] = set()
    for index in range(count):
        txid = f"{index:064x}"
        roll = rng.random()
        if roll < 0.0125:
            size = 5 if roll < 0.00625 else 12
            ins = tuple(TxInput(a, mix_input) for a in rng.sample(pool, size))
            outs = tuple(
                TxOutput(a, pool_value if size == 5 else Decimal("0.1")) for a in rng.sample(pool, size)
            )
            built.append(Transaction(txid, ins, outs, index // 2000))
            mixes.add(txid)
            continue
        ins = tuple(
            TxInput(rng.choice(pool) if rng.random() > 0.05 else None, rng.choice(values))
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))
        )
        outs = tuple(TxOutput(rng.choice(pool), rng.choice(values)) for _ in range(rng.choice((1, 2))))
        built.append(Transaction(txid, ins, outs, index // 2000))
    return built, mixes


def plain_partition(transactions: list[Transaction], skip: set[str]) -> dict[str, str]:
    """The unit test's union-find (tests/unit/test_clustering_oracle.py): a dict on address strings,
    path halving, union by size, then each set's least address."""
    parent: dict[str, str] = {}
    size: dict[str, int] = {}

    def find(item: str) -> str:
        if item not in parent:
            parent[item] = item
            size[item] = 1
            return item
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for transaction in transactions:
        if transaction.txid in skip:
            continue
        addresses = [i.address for i in transaction.inputs if i.address is not None]
        for other in addresses[1:]:
            first, second = find(addresses[0]), find(other)
            if first != second:
                if size[first] < size[second]:
                    first, second = second, first
                parent[second] = first
                size[first] += size[second]
    groups: dict[str, list[str]] = {}
    for item in parent:
        groups.setdefault(find(item), []).append(item)
    least = {root: min(group) for root, group in groups.items() if len(group) > 1}
    return {item: least[root] for root, group in groups.items() if root in least for item in group}


def plain_components(groups: list[list[int]], max_id: int) -> list[int]:
    """Every id's root: a list union-find with path compression and union by size."""
    parent = list(range(max_id + 1))
    size = [1] * (max_id + 1)

    def find(item: int) -> int:
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    for group in groups:
        first = find(group[0])
        for other in group[1:]:
            second = find(other)
            if first != second:
                if size[first] < size[second]:
                    first, second = second, first
                parent[second] = first
                size[first] += size[second]
    return [find(item) for item in range(max_id + 1)]


def best(rounds: int, *runs: Callable[[], Any]) -> list[tuple[float, Any]]:
    """Best time of each run over ``rounds``, interleaved; with each run's last result."""
    times = [float("inf")] * len(runs)
    results: list[Any] = [None] * len(runs)
    for _ in range(rounds):
        for index, run in enumerate(runs):
            gc.collect()
            start = time.perf_counter()
            results[index] = run()
            times[index] = min(times[index], time.perf_counter() - start)
    return list(zip(times, results, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    transactions, mixes = generate(args.transactions, args.seed)
    elapsed = time.perf_counter() - start
    print(f"{len(transactions):,} transactions ({len(mixes):,} mixes) generated in {elapsed:.1f} s")

    (ours_s, ours), (plain_s, plain) = best(
        args.rounds, lambda: cluster_addresses(transactions), lambda: plain_partition(transactions, mixes)
    )
    assert ours.partition() == plain, "the partitions differ"
    assert set(ours.coinjoins) == mixes
    clusters = len(set(plain.values()))
    print(f"end to end: {len(plain):,} addresses in {clusters:,} clusters of two or more")
    print(f"  cluster_addresses      {ours_s:8.3f} s")
    print(f"  plain-Python (test's)  {plain_s:8.3f} s   ratio {plain_s / ours_s:5.1f}x")

    names = sorted({i.address for t in transactions if t.txid not in mixes for i in t.inputs if i.address})
    ids = {name: index for index, name in enumerate(names, start=1)}
    groups = [
        [ids[a] for a in {i.address for i in t.inputs if i.address}]
        for t in transactions
        if t.txid not in mixes and len({i.address for i in t.inputs if i.address}) > 1
    ]
    (pack_s, packed), _ = best(args.rounds, lambda: IdGroups.of(groups), lambda: None)
    (rust_s, rust), (python_s, roots) = best(
        args.rounds, lambda: components(packed, len(names)), lambda: plain_components(groups, len(names))
    )
    joined, least = rust
    assert len({roots[item] for item in joined}) == len(set(least)), "the union-finds disagree"
    assert all(roots[item] == roots[low] for item, low in zip(joined, least, strict=True))
    print(f"union-find alone: {len(groups):,} id lists over {len(names):,} ids")
    print(f"  gs_clustering (Rust)   {rust_s:8.3f} s")
    print(f"  plain-Python           {python_s:8.3f} s   ratio {python_s / rust_s:5.1f}x")
    print(f"  packing the lists      {pack_s:8.3f} s   ratio with it {python_s / (rust_s + pack_s):5.1f}x")


if __name__ == "__main__":
    main()
