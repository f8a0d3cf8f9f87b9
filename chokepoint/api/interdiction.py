"""``interdictionPlan``: the cheapest actions that cut every supplier → cell chain, or what a budget buys.

The resolver checks the arguments and hands the use case to :mod:`chokepoint.interdiction.service`
(the subgraph, values and money links read with the viewer's grants; the cut off the event loop); it
turns the plan into GraphQL objects, loading the entities it names in one batch.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import strawberry

from chokepoint.analysis.temporal import TemporalRule
from chokepoint.api import arguments
from chokepoint.api.chains import DEFAULT_CHAIN_HOPS, MAX_CHAIN_HOPS, chain_types, end_ids
from chokepoint.api.chokepoints import path_from_ids
from chokepoint.api.context import RequestContext
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import Entity, Path, Relationship, context_of, resolver
from chokepoint.api.run_budget import within_investigation_timeout
from chokepoint.api.temporal_rule import TemporalRuleInput, rule_of
from chokepoint.interdiction import catalogue as actions
from chokepoint.interdiction.cut import Element
from chokepoint.interdiction.planner import Step
from chokepoint.interdiction.service import PlanFindings, PlanQuestion, plan_interdiction

MAX_SAMPLES = 10
MAX_PAIRS_SHOWN = 100  # pairs listed per step and left joined; the counts are always whole


@strawberry.type(
    description="An action an agency can take against a node or a link, from schema/interdiction.yaml."
)
class InterdictionAction:
    name: str
    title: str
    description: str
    cost: float = strawberry.field(description="Relative effort, on the actions file's cost scale")
    agencies: list[str] = strawberry.field(description="Who can take it")


@strawberry.type(description="A (source, sink) pair: a supplier and a cell.")
class EndPair:
    source: strawberry.ID
    sink: strawberry.ID


@strawberry.type
class AssetAmount:
    asset: str
    amount: float


@strawberry.type(description="The links between two nodes that a step cuts (every one you see).")
class CutLink:
    ends: list[Entity]
    relationships: list[Relationship]


@strawberry.type(
    description="One step of a plan: a node, or every link between two nodes, and what it stops."
)
class InterdictionStep:
    rank: int = strawberry.field(description="1 = most pairs and money stopped per cost, taken first")
    entity: Entity | None = strawberry.field(description="The node acted on (null for a link step)")
    link: CutLink | None = strawberry.field(description="The links acted on (null for a node step)")
    actions: list[InterdictionAction] = strawberry.field(
        description="The cheapest action for the node, or one per link"
    )
    cost: float
    alternatives: list[InterdictionAction] = strawberry.field(
        description="Other actions that apply, cheapest first"
    )
    statuses: list[str] = strawberry.field(description="What the node already is (e.g. designated)")
    pairs_stopped: int = strawberry.field(
        description="Pairs this step newly disconnects, the earlier steps taken (a step completing "
        "others' cuts shows the pairs it completes)"
    )
    pairs_through_count: int = strawberry.field(
        description="Pairs the plan disconnects that had a walk through this node or link"
    )
    pairs_through: list[EndPair] = strawberry.field(description=f"The first {MAX_PAIRS_SHOWN} of them")
    paths: list[Path] = strawberry.field(description="Sample supplier → step → cell paths it severs")


@strawberry.type(
    description="A plan of actions cutting supplier → cell chains, computed on what you may see."
)
class InterdictionPlan:
    complete: bool = strawberry.field(description="No pair is left joined within maxHops")
    cost: float
    complete_cost: float = strawberry.field(
        description="What the cheapest cut costs (after taken; when not complete, of what can be cut)"
    )
    budget: float | None
    pairs_joined: int = strawberry.field(description="Pairs joined within maxHops before any action")
    pairs_after_taken: int = strawberry.field(description="Pairs still joined after the actions taken")
    pairs_disconnected: int = strawberry.field(description="Pairs this plan disconnects")
    pairs_left_count: int
    pairs_left: list[EndPair] = strawberry.field(
        description=f"The first {MAX_PAIRS_SHOWN} pairs still joined"
    )
    steps: list[InterdictionStep]
    money_flowing: list[AssetAmount] = strawberry.field(
        description="Per asset, the visible totals on money links of the chains (after taken)"
    )
    money_stopped: list[AssetAmount] = strawberry.field(description="Per asset, what the plan stops of it")
    blocked_by: list[Entity] = strawberry.field(
        description="Elements that cannot be cut (cartels, no action applies) on chains no action can sever"
    )
    direct_links: list[EndPair] = strawberry.field(
        description="Suppliers linked to a cell directly by links no action cuts"
    )
    subgraph_nodes: int
    subgraph_relationships: int
    supernodes_not_expanded: list[strawberry.ID]


@strawberry.type
class InterdictionQuery:
    @resolver(
        "The cheapest set of actions (schema/interdiction.yaml) that separates every source from every "
        "sink within maxHops (sources: default every precursor_supplier; sinks: every distribution_cell), "
        "or with a budget the plan that disconnects the most pairs and stops the most money for it; "
        "taken: nodes and links ((startId)-[TYPE]->(endId)) already acted on (what-if); temporal: "
        "count only the money on chains of transfers in order from the cells' wallets to the "
        "suppliers'. Chains follow supply-chain links and co-spends (never through a CoinJoin or a "
        "transaction a split you see disregards), as supplyChains does. Computed on what you may see."
    )
    async def interdiction_plan(
        self,
        info: strawberry.Info,
        sources: list[strawberry.ID] | None = None,
        sinks: list[strawberry.ID] | None = None,
        max_hops: int = DEFAULT_CHAIN_HOPS,
        rel_types: list[str] | None = None,
        budget: float | None = None,
        taken: list[strawberry.ID] | None = None,
        sample_paths: int = 3,
        temporal: TemporalRuleInput | None = None,
    ) -> InterdictionPlan:
        ctx = context_of(info)
        asked = plan_of(
            ctx, sources, sinks, max_hops, rel_types, budget, taken, sample_paths, rule_of(temporal)
        )
        return await within_investigation_timeout(ctx, "interdictionPlan", asked)


async def plan_of(
    ctx: RequestContext,
    sources: Sequence[strawberry.ID] | None,
    sinks: Sequence[strawberry.ID] | None,
    max_hops: int,
    rel_types: list[str] | None,
    budget: float | None,
    taken: Sequence[strawberry.ID] | None,
    sample_paths: int,
    temporal: TemporalRule | None,
) -> InterdictionPlan:
    """The plan for the request's viewer, arguments checked (``interdictionPlan`` and the saved
    ``interdiction_plan`` report both ask this)."""
    if budget is not None and (math.isnan(budget) or budget < 0):
        raise InvalidArgument(f"budget: {budget} is not a cost; give 0 or more, or none for a complete cut")
    if not 0 <= sample_paths <= MAX_SAMPLES:
        raise InvalidArgument(f"samplePaths: {sample_paths} is out of range; allowed 0 to {MAX_SAMPLES}")
    model = ctx.registry.model
    question = PlanQuestion(
        sources=end_ids(sources, "sources"),
        sinks=end_ids(sinks, "sinks"),
        max_hops=arguments.hops(max_hops, MAX_CHAIN_HOPS),
        rel_types=chain_types(model, rel_types),
        budget=budget,
        taken=end_ids(taken, "taken"),
        samples=sample_paths,
        temporal=temporal,
    )
    catalogue = actions.catalogue_of(model)
    findings = await plan_interdiction(ctx.reads, model, catalogue, ctx.registry.shown, question)
    return await _plan(ctx, findings, question.rel_types)


async def _plan(ctx: RequestContext, findings: PlanFindings, rel_types: list[str]) -> InterdictionPlan:
    plan = findings.plan
    hops = {pair for step in plan.steps for path in step.paths for pair in itertools.pairwise(path)}
    links = await ctx.reads.links(sorted(hops), rel_types) if hops else {}
    named = {node for step in plan.steps for node in _nodes(step.element)} | set(plan.blocked_by)
    named |= {node for step in plan.steps for path in step.paths for node in path}
    ordered = sorted(named)
    entities = dict(zip(ordered, await ctx.loaders.entities.load_many(ordered), strict=True))
    steps: list[InterdictionStep] = []
    for step in plan.steps:
        target = _target(ctx, step, entities)
        if target is None:  # removed since the subgraph was read
            continue
        entity, link = target
        paths = [path_from_ids(ctx.registry, ids, entities, links) for ids in step.paths]
        steps.append(
            InterdictionStep(
                rank=len(steps) + 1,
                entity=entity,
                link=link,
                actions=[_action(offer.action) for offer in step.offers if offer.action is not None],
                cost=step.cost,
                alternatives=[_action(a) for offer in step.offers for a in offer.alternatives],
                statuses=sorted({status for offer in step.offers for status in offer.statuses}),
                pairs_stopped=step.pairs_stopped,
                pairs_through_count=len(step.pairs_through),
                pairs_through=_pairs(step.pairs_through),
                paths=[p for p in paths if p is not None],
            )
        )
    return InterdictionPlan(
        complete=plan.complete,
        cost=plan.cost,
        complete_cost=plan.complete_cost,
        budget=plan.budget,
        pairs_joined=plan.pairs_joined,
        pairs_after_taken=plan.pairs_after_taken,
        pairs_disconnected=plan.pairs_after_taken - len(plan.residual),
        pairs_left_count=len(plan.residual),
        pairs_left=_pairs(plan.residual),
        steps=steps,
        money_flowing=_amounts(plan.money_before),
        money_stopped=_amounts(
            {asset: total - plan.money_after.get(asset, 0.0) for asset, total in plan.money_before.items()}
        ),
        blocked_by=[e for e in (entities.get(n) for n in sorted(plan.blocked_by)) if e is not None],
        direct_links=_pairs(plan.direct_links),
        subgraph_nodes=plan.subgraph_nodes,
        subgraph_relationships=plan.subgraph_links,
        supernodes_not_expanded=[strawberry.ID(n) for n in sorted(findings.supernodes)],
    )


def _target(
    ctx: RequestContext, step: Step, entities: dict[str, Entity | None]
) -> tuple[Entity | None, CutLink | None] | None:
    """The step's node, or its link's ends and relationships; None when one of them is gone."""
    if isinstance(step.element, str):
        entity = entities.get(step.element)
        return None if entity is None else (entity, None)
    ends = [entities.get(node) for node in step.element]
    rows = [offer.link.row for offer in step.links]
    if any(end is None for end in ends) or not rows:
        return None
    relationships = [ctx.registry.relationship(dict(row)) for row in rows]
    return None, CutLink(ends=[e for e in ends if e is not None], relationships=relationships)


def _nodes(element: Element) -> tuple[str, ...]:
    return (element,) if isinstance(element, str) else element


def _action(action: actions.Action) -> InterdictionAction:
    return InterdictionAction(
        name=action.name,
        title=action.title,
        description=action.description,
        cost=action.cost,
        agencies=list(action.agencies),
    )


def _pairs(pairs: tuple[tuple[str, str], ...]) -> list[EndPair]:
    return [EndPair(source=strawberry.ID(s), sink=strawberry.ID(t)) for s, t in pairs[:MAX_PAIRS_SHOWN]]


def _amounts(amounts: dict[str, float]) -> list[AssetAmount]:
    return [AssetAmount(asset=asset, amount=amount) for asset, amount in sorted(amounts.items())]


API_TYPES: tuple[type, ...] = (
    TemporalRuleInput,
    InterdictionAction,
    CutLink,
    EndPair,
    AssetAmount,
    InterdictionStep,
    InterdictionPlan,
    InterdictionQuery,
)
