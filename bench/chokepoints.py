"""P4: the `chokepoints` field for 50 suppliers x 500 cells (goal: <= 5 s), on a seeded synthetic network.

    CHOKEPOINT_INSTANCE=bench CHOKEPOINT_BOLT_PORT=7689 bin/chokepoint db start
    CHOKEPOINT_INSTANCE=bench CHOKEPOINT_BOLT_PORT=7689 .venv/bin/python bench/chokepoints.py [--keep]

EMPTIES the instance's database, then writes (through GraphWriter) 50 suppliers with 2 wallets each;
20 brokers with 6 wallets, each paying 3 supplier wallets; 2 cartels; 50 plaza bosses; 500 cells of 5
members with a wallet each; and a money-flow background of 20,000 customer wallets with 100,000
SENT_FUNDS_TO pairs among them and with the members' wallets (the part a sink-side expansion must
wade through). Then runs `chokepoints(maxHops: 10, top: 10, samplePaths: 3)` in-process five times
and prints each run's seconds, round trips and the subgraph's size. ``--keep`` skips the load.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chokepoint import composition  # noqa: E402
from chokepoint.api.context import request_context  # noqa: E402
from chokepoint.api.schema import build_registry, build_schema  # noqa: E402
from chokepoint.api.viewer import Viewer  # noqa: E402
from chokepoint.graph.async_adapter import AsyncGraph  # noqa: E402
from chokepoint.graph.queries import load_query  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, Record, RelationshipRecord  # noqa: E402
from chokepoint.ingest.writer import GraphWriter  # noqa: E402
from chokepoint.schema import DomainModel  # noqa: E402
from chokepoint.settings import Settings, load_settings  # noqa: E402

SUPPLIERS, BROKERS, CARTELS, BOSSES, CELLS, MEMBERS = 50, 20, 2, 50, 500, 5
CUSTOMERS, FLOWS = 20_000, 100_000
PROVENANCE = Provenance(dataset="bench-chokepoints", agency="IRS-CI", caveat="LES", synthetic=True)
QUERY = """{ chokepoints(maxHops: 10, top: 10, samplePaths: 3) {
  totalCount connectedPairs shortestPaths subgraphNodes subgraphRelationships supernodesNotExpanded
  minimumCut { id } edges { node { rank role pairsDisconnected pathsCut inMinimumCut entity { id }
  paths { length nodes { id } relationships { relationship { type sourceRecordId } } } } } } }"""


def org(key: str, *kinds: str) -> NodeRecord:
    return NodeRecord("Organization", key, {"id": key, "name": key, "kinds": list(kinds)})


def wallet(name: str) -> NodeRecord:
    return NodeRecord("CryptoAddress", name, {"chain": "bitcoin", "address": name})


def ref(label: str, key: str) -> NodeRef:
    if label == "CryptoAddress":
        return NodeRef(label, {"chain": "bitcoin", "address": key})
    return NodeRef(label, {"id": key})


def rel(kind: str, a: tuple[str, str], b: tuple[str, str], **props: object) -> RelationshipRecord:
    return RelationshipRecord(kind, ref(*a), ref(*b), f"{kind}:{a[1]}:{b[1]}", props)


def flow(a: str, b: str) -> RelationshipRecord:
    return rel(
        "SENT_FUNDS_TO",
        ("CryptoAddress", a),
        ("CryptoAddress", b),
        asset="BTC",
        totalAmount=1.0,
        transferCount=1,
    )


def network(rng: random.Random) -> Iterator[Record]:
    supplier_wallets = [f"sw-{s}-{w}" for s in range(SUPPLIERS) for w in range(2)]
    for s in range(SUPPLIERS):
        yield org(f"sup-{s}", "company", "precursor_supplier")
    yield from (wallet(w) for w in supplier_wallets)
    for s in range(SUPPLIERS):
        for w in range(2):
            yield rel("CONTROLS_ADDRESS", ("Organization", f"sup-{s}"), ("CryptoAddress", f"sw-{s}-{w}"))
    for c in range(CARTELS):
        yield org(f"cartel-{c}", "cartel")
    for b in range(BROKERS):
        yield org(f"broker-{b}", "money_service_business", "crypto_broker")
        yield rel("LAUNDERS_FOR", ("Organization", f"broker-{b}"), ("Organization", f"cartel-{b % CARTELS}"))
        for w in range(6):
            yield wallet(f"bw-{b}-{w}")
            yield rel("CONTROLS_ADDRESS", ("Organization", f"broker-{b}"), ("CryptoAddress", f"bw-{b}-{w}"))
            for target in rng.sample(supplier_wallets, 3):
                yield flow(f"bw-{b}-{w}", target)
    for p in range(BOSSES):
        yield NodeRecord("Person", f"boss-{p}", {"id": f"boss-{p}", "name": f"BOSS {p}"})
        yield rel("MEMBER_OF", ("Person", f"boss-{p}"), ("Organization", f"cartel-{p % CARTELS}"))
    member_wallets = []
    for c in range(CELLS):
        yield org(f"cell-{c}", "distribution_cell")
        yield rel("SUPPLIES", ("Person", f"boss-{c % BOSSES}"), ("Organization", f"cell-{c}"))
        for m in range(MEMBERS):
            member = f"cell-{c}-m{m}"
            yield NodeRecord("Person", member, {"id": member, "name": member})
            yield rel("MEMBER_OF", ("Person", member), ("Organization", f"cell-{c}"))
            yield wallet(f"mw-{member}")
            yield rel("CONTROLS_ADDRESS", ("Person", member), ("CryptoAddress", f"mw-{member}"))
            member_wallets.append(f"mw-{member}")
    customers = [f"cw-{i}" for i in range(CUSTOMERS)]
    yield from (wallet(w) for w in customers)
    everyone = customers + member_wallets
    pairs = set()
    while len(pairs) < FLOWS:
        a, b = rng.choice(everyone), rng.choice(everyone)
        if a != b:
            pairs.add((a, b))
    for a, b in sorted(pairs):
        yield flow(a, b)


async def run_once(settings: object, schema: object, registry: object) -> tuple[float, int, dict]:
    user, password = composition.credentials(settings)  # type: ignore[arg-type]
    graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)  # type: ignore[attr-defined]
    try:
        context = request_context(graph, registry, Viewer.of("BENCH", ["IRS-CI|LES"]))  # type: ignore[arg-type]
        started = time.perf_counter()
        result = await schema.execute(QUERY, context_value=context)  # type: ignore[attr-defined]
        seconds = time.perf_counter() - started
        await context.close()
        assert not result.errors, result.errors
        return seconds, context.round_trips, result.data["chokepoints"]
    finally:
        await graph.close()


def load_network(settings: Settings, model: DomainModel) -> None:
    """Empty the instance's database and write the seeded network (unless ``--keep``)."""
    if "--keep" in sys.argv:
        return
    with composition.connect(settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        apply_schema(graph, model)
        started = time.perf_counter()
        report = GraphWriter(graph, model, PROVENANCE).write_all(network(random.Random(7)))  # noqa: S311 (seeded data)
        print(f"loaded in {time.perf_counter() - started:.1f} s; rejected {len(report.rejected)}")


def main() -> None:
    settings = load_settings()
    model = composition.model_of(settings)
    load_network(settings, model)
    registry = build_registry(model)
    schema = build_schema(registry)
    times = []
    for attempt in range(5):
        seconds, trips, data = asyncio.run(run_once(settings, schema, registry))
        times.append(seconds)
        print(f"run {attempt + 1}: {seconds:.2f} s, {trips} round trips")
    top = [(e["node"]["entity"]["id"], e["node"]["pairsDisconnected"]) for e in data["edges"][:5]]
    print(
        f"subgraph {data['subgraphNodes']} nodes / {data['subgraphRelationships']} links; "
        f"pairs {data['connectedPairs']}; shortest paths {data['shortestPaths']}; candidates "
        f"{data['totalCount']}; minimum cut {len(data['minimumCut'])}; not expanded "
        f"{len(data['supernodesNotExpanded'])}; top {top}"
    )
    print(f"median {statistics.median(times):.2f} s, best {min(times):.2f} s (goal <= 5 s)")


if __name__ == "__main__":
    main()
