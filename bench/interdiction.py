"""P4 for the interdiction planner: `interdictionPlan` for 50 suppliers x 500 cells (goal: the complete cut
and the budgeted plan each <= 5 s), against today's unweighted `chokepoints` field measured in the same run.

    CHOKEPOINT_INSTANCE=bench CHOKEPOINT_BOLT_PORT=7689 bin/chokepoint db start
    CHOKEPOINT_INSTANCE=bench CHOKEPOINT_BOLT_PORT=7689 .venv/bin/python bench/interdiction.py [--keep]

The network is bench/chokepoints.py's (EMPTIES the instance's database and writes it, unless --keep).
Each field runs in-process (the API's schema and reads, no HTTP) three times; the script prints each
run's seconds and the medians, and the plan's figures.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.chokepoints import QUERY, load_network  # noqa: E402
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
from chokepoint.interdiction.cut import minimum_cut  # noqa: E402
from chokepoint.settings import load_settings  # noqa: E402

RUNS = 3
PLAN = """query ($budget: Float) { interdictionPlan(maxHops: 10, budget: $budget, samplePaths: 1) {
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


async def subgraph_of(settings: Any, registry: Any) -> tuple[Any, list[str], list[str]]:
    """The union of supplier -> cell walks the planner cuts (the chokepoints projection, as read)."""
    user, password = composition.credentials(settings)
    graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
    try:
        context = request_context(graph, registry, Viewer.of("BENCH", ["IRS-CI|LES"]))
        starts, ends = await context.reads.supply_ends([], [])
        types = chain_types(registry.model, None)
        projection = await fetch_projection(context.reads, starts, ends, 10, types, MAX_EXPAND_DEGREE)
        await context.close()
    finally:
        await graph.close()
    links = ((a, b, None) for a, b in sorted(projection.links))
    union = bounded_union(build_graph(dict.fromkeys(sorted(projection.nodes)), links), starts, ends, 10)
    return union, starts, ends


def compare_cuts(settings: Any, registry: Any) -> None:
    """The cut alone on the same subgraph: the planner's (every node costing 1, so it is the minimum
    vertex cut) against today's unweighted networkx path (``ranking.minimum_cut``)."""
    union, starts, ends = asyncio.run(subgraph_of(settings, registry))
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


def main() -> None:
    settings = load_settings()
    model = composition.model_of(settings)
    load_network(settings, model)
    registry = build_registry(model)
    schema = build_schema(registry)
    baseline, _ = timed(
        "chokepoints (unweighted networkx, the baseline)", settings, schema, registry, QUERY, {}
    )
    complete, data = timed("interdictionPlan, complete cut", settings, schema, registry, PLAN, {})
    found = data["interdictionPlan"]
    half = found["completeCost"] / 2
    budgeted, limited = timed(
        f"interdictionPlan, budget {half:g}", settings, schema, registry, PLAN, {"budget": half}
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
    compare_cuts(settings, registry)
    print(f"median chokepoints {baseline:.2f} s (baseline)")
    print(
        f"median complete cut {complete:.2f} s = {complete / baseline:.2f}x the baseline "
        "(goal: <= 5 s; the goal 'faster' is the cut's, above)"
    )
    print(f"median budgeted plan {budgeted:.2f} s = {budgeted / baseline:.2f}x the baseline (goal <= 5 s)")


if __name__ == "__main__":
    main()
