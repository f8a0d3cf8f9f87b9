"""``chokepoint plan``: the interdiction plan as a table (or the API's JSON), for the CLI's viewer.

The command asks the GraphQL API's own ``interdictionPlan`` field in-process, as the development
viewer (every grant in the database: the CLI's "everything" view), so the table, the JSON and a
partner agency's answer come from one use case (:mod:`chokepoint.interdiction.service`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from chokepoint.cli.in_process import ask, every_grant
from chokepoint.cli.output import console
from chokepoint.settings import Settings, load_settings

PLAN_QUERY = """query ($sources: [ID!], $sinks: [ID!], $maxHops: Int!, $budget: Float, $taken: [ID!],
                   $temporal: TemporalRuleInput) {
  interdictionPlan(sources: $sources, sinks: $sinks, maxHops: $maxHops, budget: $budget, taken: $taken,
                   temporal: $temporal, samplePaths: 1) {
    complete cost completeCost budget pairsJoined pairsAfterTaken pairsDisconnected pairsLeftCount
    pairsLeft { source sink }
    moneyFlowing { asset amount } moneyStopped { asset amount }
    blockedBy { id displayName } directLinks { source sink }
    subgraphNodes subgraphRelationships supernodesNotExpanded
    steps {
      rank cost statuses pairsStopped pairsThroughCount
      entity { id labels displayName }
      link { ends { id displayName } relationships { type startId endId } }
      actions { name title cost agencies }
    }
  }
}"""


def plan(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="A supplier id (repeat); default: every precursor supplier"),
    ] = None,
    sink: Annotated[
        list[str] | None, typer.Option("--sink", help="A cell id (repeat); default: every distribution cell")
    ] = None,
    max_hops: Annotated[int, typer.Option(min=1, max=12, help="Longest chain considered")] = 10,
    budget: Annotated[
        float | None, typer.Option(min=0, help="Spend at most this (the actions file's cost scale)")
    ] = None,
    taken: Annotated[
        list[str] | None,
        typer.Option(
            "--taken",
            help="A node id, or a link as (startId)-[TYPE]->(endId), already acted on (repeat): what if",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the API's JSON answer instead of tables")
    ] = False,
    temporal: Annotated[
        bool,
        typer.Option(
            "--temporal",
            help="Count only money on chains of transfers in order "
            "(30-day window, each at most 1.1x the one before)",
        ),
    ] = False,
) -> None:
    """The cheapest actions (schema/interdiction.yaml) that cut every supplier → cell chain, or what a
    budget buys: who can take each, its cost, the pairs and money it stops."""
    variables = {
        "sources": source or [],
        "sinks": sink or [],
        "maxHops": max_hops,
        "budget": budget,
        "taken": taken or [],
        "temporal": {} if temporal else None,
    }
    answer = ask_plan(load_settings(), variables)
    if as_json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return
    for line in [*plan_lines(answer), *step_lines(answer)]:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def ask_plan(settings: Settings, variables: dict[str, Any]) -> dict[str, Any]:
    """``interdictionPlan`` asked in-process with every grant in the database."""
    return dict(ask(settings, PLAN_QUERY, variables, every_grant)["interdictionPlan"])


def plan_lines(answer: dict[str, Any]) -> list[str]:
    """The plan's summary: cost, pairs, money, and what no action could cut."""
    pairs = answer["pairsAfterTaken"]
    lines = [
        f"{len(answer['steps'])} actions costing {answer['cost']:g}"
        + (f" of a budget of {answer['budget']:g}" if answer["budget"] is not None else "")
        + f" (the cheapest complete cut costs {answer['completeCost']:g}) disconnect "
        f"{answer['pairsDisconnected']} of {pairs} supplier → cell pairs joined within the hop bound"
        + (f" ({answer['pairsJoined']} before the actions taken)" if answer["pairsJoined"] != pairs else ""),
    ]
    flowing = {a["asset"]: a["amount"] for a in answer["moneyFlowing"]}
    if flowing:
        stopped = ", ".join(
            f"{a['amount']:,.2f} of {flowing[a['asset']]:,.2f} {a['asset']}" for a in answer["moneyStopped"]
        )
        lines.append(f"Money stopped on the chains' payment links: {stopped}")
    else:
        lines.append("No money found on the chains' payment links")
    if answer["pairsLeftCount"]:
        lines.append(f"{answer['pairsLeftCount']} pairs stay joined")
    if answer["blockedBy"]:
        names = ", ".join(e["displayName"] or e["id"] for e in answer["blockedBy"])
        lines.append(f"Only elements no action cuts separate some pairs: {names}")
    if answer["directLinks"]:
        lines.append(f"{len(answer['directLinks'])} supplier → cell links no action cuts")
    return lines


def step_lines(answer: dict[str, Any]) -> list[str]:
    """One line per step: rank, cost, action and who can take it, target, what it stops."""
    lines = []
    for step in answer["steps"]:
        agencies = ", ".join(sorted({a for action in step["actions"] for a in action["agencies"]}))
        titles = "; ".join(dict.fromkeys(action["title"] for action in step["actions"]))
        stops = f", completes the cut of {step['pairsStopped']} pairs" if step["pairsStopped"] else ""
        status = f" ({', '.join(step['statuses'])})" if step["statuses"] else ""
        lines.append(
            f"{step['rank']:>3}. cost {step['cost']:g}: {titles} [{agencies}] → {_target(step)}{status}"
            f" · on the chains of {step['pairsThroughCount']} pairs{stops}"
        )
    return lines


def _target(step: dict[str, Any]) -> str:
    if step["entity"] is not None:
        entity = step["entity"]
        label = next((lb for lb in entity["labels"] if lb != "Entity"), "")
        return f"{label} {entity['displayName'] or entity['id']}"
    names = {end["id"]: end["displayName"] or end["id"] for end in step["link"]["ends"]}
    links = step["link"]["relationships"]
    return "; ".join(f"{names[r['startId']]} ─{r['type']}→ {names[r['endId']]}" for r in links)
