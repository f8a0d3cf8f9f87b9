"""The saved ``interdiction_plan`` report (``queries/interdiction_plan.computed``): the viewer's plan as
rows (one per action) and as a Markdown report an agency can file.

The plan is ``interdictionPlan``'s, asked for the same viewer (:func:`chokepoint.api.interdiction.plan_of`),
so every figure, name and path of the report comes from the records the viewer may see. The report
states its parameters, the actions with who can take them and their cost, the pairs disconnected of
the total, the money stopped per asset, and each action's sample evidence paths with the agency and
dataset behind every hop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry

from chokepoint.api.computed_report import Report
from chokepoint.api.context import RequestContext
from chokepoint.api.interdiction import InterdictionPlan, InterdictionStep, plan_of
from chokepoint.api.objects import Direction, Entity, Path
from chokepoint.api.temporal_rule import TemporalRuleInput, rule_of

COLUMNS = (
    "rank",
    "action",
    "agencies",
    "target",
    "targetId",
    "cost",
    "totalCost",
    "pairsThrough",
    "pairsStopped",
    "statuses",
)


async def interdiction_report(ctx: RequestContext, name: str, params: Mapping[str, Any]) -> Report:
    """The plan for ``params`` (bound by the catalogue's header) as rows and Markdown."""
    plan = await plan_of(
        ctx,
        [strawberry.ID(i) for i in params["suppliers"]],
        [strawberry.ID(i) for i in params["cells"]],
        params["maxHops"],
        list(params["relTypes"]) or None,
        params["budget"],
        [strawberry.ID(i) for i in params["taken"]],
        params["samplePaths"],
        rule_of(TemporalRuleInput()) if params["temporal"] else None,
    )
    rows, total = [], 0.0
    for step in plan.steps:
        total += step.cost
        rows.append(
            {
                "rank": step.rank,
                "action": "; ".join(dict.fromkeys(a.title for a in step.actions)),
                "agencies": _agencies(step),
                "target": _target(step),
                "targetId": _target_id(step),
                "cost": step.cost,
                "totalCost": total,
                "pairsThrough": step.pairs_through_count,
                "pairsStopped": step.pairs_stopped,
                "statuses": list(step.statuses),
            }
        )
    return Report(COLUMNS, rows, markdown(name, params, plan))


def markdown(name: str, params: Mapping[str, Any], plan: InterdictionPlan) -> str:
    """The report: parameters, summary, the actions table, money per asset, evidence per action."""
    out = [f"# Interdiction plan ({name})", "", "## Parameters", ""]
    out += [f"- {key}: {_value(key, value)}" for key, value in params.items()]
    kind = "complete cut" if plan.budget is None else f"plan for a budget of {plan.budget:g}"
    out += [
        "",
        "## Summary",
        "",
        f"- The {kind}: {len(plan.steps)} actions costing {plan.cost:g} (the cheapest complete cut "
        f"costs {plan.complete_cost:g}).",
        f"- Supplier → cell pairs disconnected: {plan.pairs_disconnected} of {plan.pairs_after_taken} "
        f"joined within {params['maxHops']} hops"
        + (
            f" ({plan.pairs_joined} before the actions taken)"
            if plan.pairs_joined != plan.pairs_after_taken
            else ""
        )
        + f"; {plan.pairs_left_count} stay joined.",
        f"- Complete: {'yes' if plan.complete else 'no'}."
        + (
            " Only elements no action cuts separate some pairs: "
            + ", ".join(_name(e) for e in plan.blocked_by)
            + "."
            if plan.blocked_by
            else ""
        ),
        f"- Computed on {plan.subgraph_nodes} nodes and {plan.subgraph_relationships} links of supply "
        "chains, all of them records the requesting agency may see.",
        "",
        "## Money on the chains' payment links",
        "",
    ]
    stopped = {a.asset: a.amount for a in plan.money_stopped}
    if plan.money_flowing:
        out += ["| asset | flowing | stopped by the plan |", "|---|---:|---:|"]
        out += [
            f"| {a.asset} | {a.amount:,.2f} | {stopped.get(a.asset, 0.0):,.2f} |" for a in plan.money_flowing
        ]
    else:
        out.append("No money found on the chains' payment links.")
    out += [
        "",
        "## Actions",
        "",
        "| # | action | who can take it | target | cost | pairs through | pairs it completes |",
        "|---:|---|---|---|---:|---:|---:|",
    ]
    for step in plan.steps:
        status = f" ({', '.join(step.statuses)})" if step.statuses else ""
        titles = "; ".join(dict.fromkeys(a.title for a in step.actions))
        out.append(
            f"| {step.rank} | {_cell(titles)} | {_agencies(step)} | {_cell(_target(step))}{status} "
            f"| {step.cost:g} | {step.pairs_through_count} | {step.pairs_stopped} |"
        )
    out += ["", "## Evidence: sample chains each action severs", ""]
    for step in plan.steps:
        out.append(f"### {step.rank}. {_cell(_target(step))}")
        out.append("")
        if not step.paths:
            out.append("(no sample path asked)")
        for number, path in enumerate(step.paths, start=1):
            out.append(f"{number}. {_path(path)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _agencies(step: InterdictionStep) -> str:
    return ", ".join(sorted({agency for action in step.actions for agency in action.agencies}))


def _target(step: InterdictionStep) -> str:
    if step.entity is not None:
        label = next((lb for lb in step.entity.labels if lb != "Entity"), "")
        return f"{label} {_name(step.entity)}".strip()
    assert step.link is not None
    names = {str(end.id): _name(end) for end in step.link.ends}
    links = dict.fromkeys(
        f"{names.get(str(r.start_id), r.start_id)} ─{r.type}→ {names.get(str(r.end_id), r.end_id)}"
        for r in step.link.relationships
    )
    return "; ".join(links)


def _target_id(step: InterdictionStep) -> str:
    if step.entity is not None:
        return str(step.entity.id)
    assert step.link is not None
    return " | ".join(f"({r.start_id})-[{r.type}]->({r.end_id})" for r in step.link.relationships)


def _name(entity: Entity) -> str:
    return entity.display_name or str(entity.id)


def _path(path: Path) -> str:
    """``A -[TYPE agency/dataset]-> B <-[…]- C``: each hop with the record behind it."""
    text = _cell(_name(path.nodes[0]))
    for hop, node in zip(path.relationships, path.nodes[1:], strict=True):
        rel = hop.relationship
        source = "/".join(x for x in (rel.agency, rel.source_dataset) if x)
        label = f"{rel.type} {source}".strip()
        arrow = f" -[{label}]-> " if hop.direction is Direction.OUTGOING else f" <-[{label}]- "
        text += arrow + _cell(_name(node))
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_EMPTY = {
    "suppliers": "every precursor supplier",
    "cells": "every distribution cell",
    "relTypes": "the supply-chain links",
    "taken": "none",
}


def _value(key: str, value: Any) -> str:
    if value is None:
        return "none (the cheapest complete cut)" if key == "budget" else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) if value else _EMPTY.get(key, "none")
    return f"{value:g}" if isinstance(value, float) else str(value)
