"""Issue 17, item 1: what exact sums cost. The address-to-address totals are summed over 9-digit
integer limbs of each amount's decimal text (``refresh_transfer_totals.cypher``); the baseline is
the same aggregation with ``sum(toFloat(amount))`` (what the float totals did), over the same
Transfer nodes, in the same run. Both are read-only aggregations over every sender's transfers.

    .venv/bin/python bench/exact_totals.py [--transfers 200000] [--pairs 20000] [--rounds 3]

Synthetic transfers (amounts with up to 18 decimals) are created once in the embedded instance
``exact-bench`` (port 7799), then each variant is timed ``--rounds`` times (best and median shown).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chokepoint import composition  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

CREATE = CypherQuery(
    "create",
    "UNWIND $rows AS r MERGE (a:CryptoAddress:Entity {chain: 'ethereum', address: r.a}) "
    "MERGE (b:CryptoAddress:Entity {chain: 'ethereum', address: r.b}) "
    "CREATE (a)-[:SENT]->(:Transfer:Entity {asset: 'USDT', amount: r.amount, markings: ['PUBLIC']})"
    "-[:RECEIVED]->(b)",
)
FLOAT = CypherQuery(
    "float",
    "MATCH (a:CryptoAddress)-[:SENT]->(t:Transfer)-[:RECEIVED]->(b:CryptoAddress) "
    "WITH a, b, t.asset AS asset, sum(toFloat(t.amount)) AS total RETURN count(*) AS pairs, sum(total) AS s",
)
EXACT = CypherQuery(
    "exact",
    "MATCH (a:CryptoAddress)-[:SENT]->(t:Transfer)-[:RECEIVED]->(b:CryptoAddress) "
    "WITH a, b, t, split(toString(t.amount), '.') AS digits "
    "WITH a, b, t, toInteger(digits[0]) AS whole, "
    "left(coalesce(digits[1], '') + '000000000000000000000000000', 27) AS fraction "
    "WITH a, b, t.asset AS asset, [sum(whole / 1000000000), sum(whole % 1000000000), "
    "sum(toInteger(left(fraction, 9))), sum(toInteger(substring(fraction, 9, 9))), "
    "sum(toInteger(substring(fraction, 18, 9)))] AS limbs "
    "RETURN count(*) AS pairs, sum(limbs[1]) AS s",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--transfers", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(instance="exact-bench", bolt_port=7799)
    composition.start_embedded(settings)
    rng = random.Random(5)  # noqa: S311 -- reproducible bench data
    with composition.connect(settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        wallets = [f"0x{n:040x}" for n in range(int(args.pairs**0.5) * 2)]
        rows = []
        for _ in range(args.transfers):
            whole, fraction = rng.randrange(10**6), rng.randrange(10**18)
            a, b = rng.sample(wallets, 2)
            rows.append({"a": a, "b": b, "amount": str(Decimal(f"{whole}.{fraction:018d}").normalize())})
        started = time.perf_counter()
        for start in range(0, len(rows), 10_000):
            graph.write(CREATE, rows=rows[start : start + 10_000])
        print(f"{args.transfers:,} transfers created in {time.perf_counter() - started:.1f} s")
        times: dict[str, list[float]] = {"float": [], "exact": []}
        for _ in range(args.rounds):
            for name, query in (("float", FLOAT), ("exact", EXACT)):
                started = time.perf_counter()
                pairs = graph.read(query)[0]["pairs"]
                times[name].append(time.perf_counter() - started)
        for name, values in times.items():
            middle = statistics.median(values)
            print(f"  {name:6s} best {min(values):6.2f} s  median {middle:6.2f} s  ({pairs:,} pairs)")
        ratio = statistics.median(times["exact"]) / statistics.median(times["float"])
        print(f"  exact / float (median): {ratio:.2f}")


if __name__ == "__main__":
    main()
