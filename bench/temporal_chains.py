"""P4 (temporal part): `temporalMoneyChains` for one supplier-cell pair over HTTP (goal: p95 <= 150 ms),
against `supplyChains` for the same pair measured interleaved in the same run (the baseline).

    .venv/bin/python -u bench/temporal_chains.py [--transfers N] [--requests 100]
                                                 [--instance bench --bolt-port 7689]

The graph is P3's bench-size one (bench/api_paths.py: the demo investigation plus the seeded wallet
ledger of ``--transfers`` transfers, loaded once and reused). If bench/interdiction.py has written its
supply network into that graph (its marker says so), the graph is used as it is, and the network's
own suppliers, cells and brokers are left out of the pairs. Each pair is a cell and a supplier joined
within 10 hops; the temporal search runs from the cell's wallets (its members') to the supplier's,
6 transfers at most, the default rule. The pairs are those between which the temporal search finds
chains (each cell asked once against every supplier, untimed); only when no pair has one, pairs
joined by supplyChains alone, and the output says so. Also timed: one cell to the brokers it pays.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_paths import (  # noqa: E402
    Pair,
    add_graph_options,
    all_grants,
    chokepoint_api,
    find_pairs,
    graph_as_it_stands,
    graphql_client,
    percentile,
    post,
)
from bench.chokepoints import BROKERS as NETWORK_BROKERS  # noqa: E402
from bench.chokepoints import CELLS as NETWORK_CELLS  # noqa: E402
from bench.chokepoints import SUPPLIERS as NETWORK_SUPPLIERS  # noqa: E402
from chokepoint import composition  # noqa: E402
from chokepoint.graph.queries import CypherQuery  # noqa: E402

TEMPORAL = """query ($sources: [ID!]!, $sinks: [ID!]!) {
  temporalMoneyChains(sources: $sources, sinks: $sinks, maxHops: 6) { totalCount truncated chains { length } }
}"""
CHAINS = """query ($s: [ID!], $c: [ID!]) {
  supplyChains(suppliers: $s, cells: $c, maxHops: 10, first: 1) { totalCount edges { node { length } } }
}"""
BROKERS = CypherQuery(
    "bench_brokers",
    "MATCH (b:Organization) WHERE any(k IN b.kinds WHERE k IN ['crypto_broker', 'money_service_business']) "
    "AND NOT b.id IN $network RETURN collect(b.id) AS ids",
)
PAIRS = """query ($sources: [ID!]!, $sinks: [ID!]!) {
  temporalMoneyChains(sources: $sources, sinks: $sinks, maxHops: 6, first: 100) {
    chains { source { id } sink { id } }
  }
}"""
ENDS = CypherQuery(
    "bench_chain_ends",
    "MATCH (o:Organization) WHERE $kind IN o.kinds AND NOT o.id IN $network RETURN collect(o.id) AS ids",
)
# bench/interdiction.py's supply network (bench/chokepoints.py's ids), when written into the graph
NETWORK = (
    [f"sup-{s}" for s in range(NETWORK_SUPPLIERS)]
    + [f"cell-{c}" for c in range(NETWORK_CELLS)]
    + [f"broker-{b}" for b in range(NETWORK_BROKERS)]
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_graph_options(parser)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    config = graph_as_it_stands(args)
    with composition.connect(config) as graph:
        suppliers, cells = (
            [str(i) for i in graph.read(ENDS, kind=kind, network=NETWORK)[0]["ids"]]
            for kind in ("precursor_supplier", "distribution_cell")
        )
        pairs = find_pairs(graph, all_grants(graph), 10, 5, suppliers, cells)
        brokers = [str(b) for b in graph.read(BROKERS, network=NETWORK)[0]["ids"]]
    times: dict[str, list[float]] = {
        "temporal, supplier-cell": [],
        "supplyChains (baseline)": [],
        "temporal, cell-brokers": [],
    }
    found = {"supplier-cell chains": 0, "cell-broker chains": 0, "truncated": 0}
    with chokepoint_api(config) as url, graphql_client("keep-alive") as client:
        chained = sorted(
            {
                Pair(chain["sink"]["id"], chain["source"]["id"], 0)
                for cell in cells
                for chain in post(client, url, PAIRS, {"sources": [cell], "sinks": suppliers})["data"][
                    "temporalMoneyChains"
                ]["chains"]
            },
            key=lambda pair: (pair.cell, pair.supplier),
        )
        print(
            f"{len(chained)} of {len(suppliers) * len(cells)} supplier-cell pairs have temporal money "
            "chains; " + ("timing 5 of them" if chained else "none: timing pairs supplyChains joins instead")
        )
        pairs = chained[:: max(1, len(chained) // 5)][:5] or pairs
        for i in range(args.requests + 10):  # 10 warm-up rounds
            pair = pairs[i % len(pairs)]
            requests = {
                "temporal, supplier-cell": (TEMPORAL, {"sources": [pair.cell], "sinks": [pair.supplier]}),
                "supplyChains (baseline)": (CHAINS, {"s": [pair.supplier], "c": [pair.cell]}),
                "temporal, cell-brokers": (TEMPORAL, {"sources": [pair.cell], "sinks": brokers}),
            }
            for name, (query, variables) in requests.items():
                started = time.perf_counter()
                body = post(client, url, query, variables)
                elapsed = (time.perf_counter() - started) * 1000
                if i >= 10:
                    times[name].append(elapsed)
                    data = body["data"].get("temporalMoneyChains")
                    if data is not None:
                        key = (
                            "supplier-cell chains" if name.endswith("supplier-cell") else "cell-broker chains"
                        )
                        found[key] += data["totalCount"]
                        found["truncated"] += int(data["truncated"])
    baseline = percentile(times["supplyChains (baseline)"], 0.95)
    for name, values in times.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms = {p95 / baseline:.2f}x the baseline's p95")
    print(f"chains found over the timed requests: {found}")
    print("goal: temporal supplier-cell p95 <= 150 ms")


if __name__ == "__main__":
    main()
