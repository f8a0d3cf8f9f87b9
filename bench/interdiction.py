"""P4 for the interdiction planner: `interdictionPlan` for 50 suppliers x 500 cells on the bench graph
(>= 1M nodes; goal: the complete cut and the budgeted plan each <= 5 s), against today's unweighted
`chokepoints` field for the same ends measured in the same run.

    .venv/bin/python bench/interdiction.py [--transfers N] [--instance bench --bolt-port 7689]
    .venv/bin/python bench/interdiction.py --network-only [--keep]   # the 25k-node network alone

The graph is P3's (bench/api_paths.py: the demo-size case files and a seeded ledger of 1M transfers,
1.28M nodes; generated, loaded and reused while its counts match) with bench/chokepoints.py's supply
network of 50 suppliers and 500 cells written into it once (a marker file keeps the counts after
it; the other benches of P3's graph reload their graph then: run them first). The network shares
no node with the ledger, so the bench graph's size weighs on the reads (indexes, page cache), not
on the walks. The plan and the baseline are asked for the network's suppliers and
cells by id (the P3 case files hold suppliers and cells of their own). ``--network-only`` runs on
bench/chokepoints.py's network alone in the instance of ``CHOKEPOINT_INSTANCE`` (EMPTIES its
database and writes it, unless --keep), as before. Each field runs in-process (the API's schema and
reads, no HTTP) three times; the script prints each run's seconds and the medians, the plan's
figures, and where the complete plan's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_paths import add_graph_options, bench_settings, ensure_graph, graph_counts  # noqa: E402
from bench.chokepoints import CELLS, PROVENANCE, SUPPLIERS, load_network, network  # noqa: E402
from chokepoint import composition  # noqa: E402
from chokepoint.analysis import ranking  # noqa: E402
from chokepoint.analysis.fetch import fetch_projection  # noqa: E402
from chokepoint.analysis.projection import bounded_union, build_graph  # noqa: E402
from chokepoint.analysis.service import MAX_EXPAND_DEGREE  # noqa: E402
from chokepoint.api.chains import chain_types  # noqa: E402
from chokepoint.api.context import request_context  # noqa: E402
from chokepoint.api.schema import build_registry, build_schema  # noqa: E402
from chokepoint.api.viewer import Viewer  # noqa: E402
from chokepoint.graph.async_adapter import AsyncGraph  # noqa: E402
from chokepoint.ingest.writer import GraphWriter  # noqa: E402
from chokepoint.interdiction import service  # noqa: E402
from chokepoint.interdiction.catalogue import catalogue_of  # noqa: E402
from chokepoint.interdiction.cut import minimum_cut  # noqa: E402
from chokepoint.interdiction.service import PlanQuestion, plan_interdiction  # noqa: E402
from chokepoint.settings import load_settings  # noqa: E402

RUNS = 3
ENDS_QUERY = """query ($sources: [ID!], $sinks: [ID!]) {
  chokepoints(sources: $sources, sinks: $sinks, maxHops: 10, top: 10, samplePaths: 3) {
  totalCount connectedPairs shortestPaths subgraphNodes subgraphRelationships supernodesNotExpanded
  minimumCut { id } edges { node { rank role pairsDisconnected pathsCut inMinimumCut entity { id }
  paths { length nodes { id } relationships { relationship { type sourceRecordId } } } } } } }"""
PLAN = """query ($budget: Float, $sources: [ID!], $sinks: [ID!]) {
  interdictionPlan(maxHops: 10, budget: $budget, samplePaths: 1, sources: $sources, sinks: $sinks) {
  complete cost completeCost pairsJoined pairsDisconnected pairsLeftCount
  subgraphNodes subgraphRelationships
  moneyFlowing { asset amount } moneyStopped { asset amount } blockedBy { id }
  steps { rank cost entity { id } link { ends { id } } actions { name }
          pairsStopped pairsThroughCount } } }"""


async def run_once(
    settings: Any, schema: Any, registry: Any, query: str, variables: dict[str, Any]
) -> tuple[float, Any]:
    user, password = composition.credentials(settings)
    graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
    try:
        context = request_context(graph, registry, Viewer.of("BENCH", ["IRS-CI|LES"]))
        started = time.perf_counter()
        result = await schema.execute(query, variable_values=variables, context_value=context)
        seconds = time.perf_counter() - started
        await context.close()
        assert not result.errors, result.errors
        return seconds, result.data
    finally:
        await graph.close()


def timed(
    label: str, settings: Any, schema: Any, registry: Any, query: str, variables: dict[str, Any]
) -> tuple[float, Any]:
    times, data = [], None
    for attempt in range(RUNS):
        seconds, data = asyncio.run(run_once(settings, schema, registry, query, variables))
        times.append(seconds)
        print(f"{label} run {attempt + 1}: {seconds:.2f} s")
    return statistics.median(times), data


async def subgraph_of(
    settings: Any, registry: Any, given: dict[str, list[str]]
) -> tuple[Any, list[str], list[str]]:
    """The union of supplier -> cell walks the planner cuts (the chokepoints projection, as read)."""
    user, password = composition.credentials(settings)
    graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
    try:
        context = request_context(graph, registry, Viewer.of("BENCH", ["IRS-CI|LES"]))
        starts, ends = await context.reads.supply_ends(given["sources"], given["sinks"])
        types = chain_types(registry.model, None)
        projection = await fetch_projection(context.reads, starts, ends, 10, types, MAX_EXPAND_DEGREE)
        await context.close()
    finally:
        await graph.close()
    links = ((a, b, None) for a, b in sorted(projection.links))
    union = bounded_union(build_graph(dict.fromkeys(sorted(projection.nodes)), links), starts, ends, 10)
    return union, starts, ends


def compare_cuts(settings: Any, registry: Any, given: dict[str, list[str]]) -> None:
    """The cut alone on the same subgraph: the planner's (every node costing 1, so it is the minimum
    vertex cut) against today's unweighted networkx path (``ranking.minimum_cut``)."""
    union, starts, ends = asyncio.run(subgraph_of(settings, registry, given))
    ours, theirs = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        cut = minimum_cut(union, starts, ends, lambda node: 1.0)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        nodes, _ = ranking.minimum_cut(union, frozenset(starts), frozenset(ends))
        theirs.append(time.perf_counter() - started)
    assert cut.cost == len(nodes), (cut.cost, len(nodes))
    mine, baseline = statistics.median(ours), statistics.median(theirs)
    print(
        f"the cut alone on {union.number_of_nodes()} nodes / {union.number_of_edges()} links: planner "
        f"(max-flow) {mine:.3f} s, networkx minimum_st_node_cut {baseline:.3f} s = {mine / baseline:.2f}x "
        f"(both {len(nodes)} nodes; goal: faster)"
    )


class TimedReads:
    """The request's reads, each call's time added to ``spent`` under its method's name."""

    def __init__(self, reads: Any, spent: dict[str, float]) -> None:
        self._reads, self._spent = reads, spent

    @asynccontextmanager
    async def beside(self) -> AsyncIterator[TimedReads]:
        """The reads of a second session, timed the same way (a read run beside another is counted
        whole: the parts then add up to more than the plan's time)."""
        async with self._reads.beside() as other:
            yield TimedReads(other, self._spent)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._reads, name)
        if not inspect.iscoroutinefunction(found):
            return found

        async def timed_call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await found(*args, **kwargs)
            finally:
                self._spent[f"read {name}"] += time.perf_counter() - started

        return timed_call


async def where_the_time_goes(
    settings: Any, registry: Any, given: dict[str, list[str]], budget: float | None = None
) -> None:
    """One plan through the service, each read and the CPU steps (subgraph, planning) timed."""
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(service, name) for name in ("_subgraph", "make_plan", "offers", "_facts")}

    def timed_step(name: str, step: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                spent[f"cpu {name.lstrip('_')}"] += time.perf_counter() - started

        return call

    user, password = composition.credentials(settings)
    graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
    try:
        for name, step in originals.items():
            setattr(service, name, timed_step(name, step))
        context = request_context(graph, registry, Viewer.of("BENCH", ["IRS-CI|LES"]))
        model = registry.model
        question = PlanQuestion(
            sources=given["sources"],
            sinks=given["sinks"],
            max_hops=10,
            rel_types=chain_types(model, None),
            samples=1,
            budget=budget,
        )
        started = time.perf_counter()
        await plan_interdiction(
            TimedReads(context.reads, spent), model, catalogue_of(model), registry.shown, question
        )
        total = time.perf_counter() - started
        await context.close()
    finally:
        for name, step in originals.items():
            setattr(service, name, step)
        await graph.close()
    parts = ", ".join(
        f"{name} {seconds:.2f} s" for name, seconds in sorted(spent.items(), key=lambda x: -x[1])
    )
    rest = total - sum(spent.values())
    kind = "complete plan" if budget is None else f"plan for a budget of {budget:g}"
    print(f"where the {kind}'s {total:.2f} s go (the service alone): {parts}; the rest {rest:.2f} s")


def bench_graph(args: argparse.Namespace) -> tuple[Any, dict[str, list[str]]]:
    """P3's bench graph with the supply network written into it once; the settings and the ends."""
    config = bench_settings(args.instance, args.bolt_port)
    marker = config.home / "bench" / f"api-{args.transfers}" / f"supply-network-{config.instance}.json"
    composition.start_embedded(config)
    with composition.connect(config) as graph:
        now = graph_counts(graph)
    written = json.loads(marker.read_text()) if marker.is_file() else None
    if written is None or written["after"] != now:  # P3's graph alone (loaded if need be), then the network
        marker.unlink(missing_ok=True)
        counts = ensure_graph(config, args.transfers)
        with composition.connect(config) as graph:
            print(f"writing the supply network into the bench graph ({counts['nodes']:,} nodes)")
            started = time.perf_counter()
            report = GraphWriter(graph, composition.model_of(config), PROVENANCE).write_all(
                network(random.Random(7))  # noqa: S311 (seeded data)
            )
            print(f"written in {time.perf_counter() - started:.1f} s; rejected {len(report.rejected)}")
            now = graph_counts(graph)
        marker.write_text(json.dumps({"before": counts, "after": now}))
    print(f"bench graph: {now['nodes']:,} nodes, {now['relationships']:,} relationships")
    ends = {"sources": [f"sup-{s}" for s in range(SUPPLIERS)], "sinks": [f"cell-{c}" for c in range(CELLS)]}
    return config, ends


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_graph_options(parser)
    parser.add_argument("--network-only", action="store_true", help="the 25k-node network alone (empties)")
    parser.add_argument("--keep", action="store_true", help="with --network-only: do not reload it")
    args = parser.parse_args()
    if args.network_only:
        settings = load_settings()
        load_network(settings, composition.model_of(settings))
        given: dict[str, list[str]] = {"sources": [], "sinks": []}
    else:
        settings, given = bench_graph(args)
    model = composition.model_of(settings)
    registry = build_registry(model)
    schema = build_schema(registry)
    baseline, _ = timed(
        "chokepoints (unweighted networkx, the baseline)", settings, schema, registry, ENDS_QUERY, given
    )
    complete, data = timed("interdictionPlan, complete cut", settings, schema, registry, PLAN, given)
    found = data["interdictionPlan"]
    half = found["completeCost"] / 2
    budgeted, limited = timed(
        f"interdictionPlan, budget {half:g}", settings, schema, registry, PLAN, {**given, "budget": half}
    )
    within = limited["interdictionPlan"]
    for label, plan in (("complete", found), (f"budget {half:g}", within)):
        kinds: dict[str, int] = {}
        for step in plan["steps"]:
            for action in step["actions"]:
                kinds[action["name"]] = kinds.get(action["name"], 0) + 1
        print(
            f"{label}: {len(plan['steps'])} steps, cost {plan['cost']:g}, pairs "
            f"{plan['pairsDisconnected']} of {plan['pairsJoined']} disconnected, money stopped "
            f"{plan['moneyStopped']}, subgraph "
            f"{plan['subgraphNodes']} nodes / {plan['subgraphRelationships']} links; actions {kinds}"
        )
    compare_cuts(settings, registry, given)
    asyncio.run(where_the_time_goes(settings, registry, given))
    asyncio.run(where_the_time_goes(settings, registry, given, half))
    print(f"median chokepoints {baseline:.2f} s (baseline)")
    print(
        f"median complete cut {complete:.2f} s = {complete / baseline:.2f}x the baseline "
        "(goal: <= 5 s; the goal 'faster' is the cut's, above)"
    )
    print(f"median budgeted plan {budgeted:.2f} s = {budgeted / baseline:.2f}x the baseline (goal <= 5 s)")


if __name__ == "__main__":
    main()
