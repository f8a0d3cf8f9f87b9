"""The interdiction planner as a use case: read what the viewer sees, offer actions, plan the cut.

Everything is read through the viewer's reads (the API's ``GraphReads``, a CLI viewer's the same):
the subgraph of supplier → cell walks, each node's shown values and visible neighbours (for the
action rules), and the visible money links with the totals the viewer may see. So the plan is the
one a graph built from the viewer's visible records alone would give. The max-flow work is CPU-bound
and runs on a worker thread, like the chokepoint ranking's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from chokepoint.analysis.fetch import ProjectionReads, fetch_projection
from chokepoint.analysis.projection import Graph, bounded_union, build_graph
from chokepoint.analysis.service import MAX_EXPAND_DEGREE
from chokepoint.analysis.temporal import MONEY_LINK, TemporalRule, TransferReads, temporal_chains
from chokepoint.errors import InvalidInput
from chokepoint.graph.adapter import Row
from chokepoint.interdiction.catalogue import Catalogue
from chokepoint.interdiction.offers import ElementFacts, LinkFacts, Neighbour, Offers, offers
from chokepoint.interdiction.planner import MoneyLinks, Plan, make_plan
from chokepoint.interdiction.taken import Taken, TakenLink, cut_pairs, taken_of
from chokepoint.schema.model import DomainModel

_BATCH = 5_000  # node pairs per query
Shown = Callable[[Row], dict[str, Any]]  # a node or relationship row → the properties the viewer sees


class PlanReads(ProjectionReads, TransferReads, Protocol):
    def beside(self) -> AbstractAsyncContextManager[PlanReads]: ...

    async def entities(self, ids: Sequence[str]) -> dict[str, Row]: ...

    async def neighbourhood(self, ids: Sequence[str], rel_types: list[str]) -> list[Row]: ...

    async def cuttable_links(
        self, pairs: Sequence[tuple[str, str]], link_types: list[str], rel_types: list[str]
    ) -> list[Row]: ...

    async def money_links(self, pairs: Sequence[tuple[str, str]]) -> list[Row]: ...


@dataclass(frozen=True)
class PlanQuestion:
    sources: list[str]  # empty: every visible precursor supplier
    sinks: list[str]  # empty: every visible distribution cell
    max_hops: int
    rel_types: list[str]
    budget: float | None = None  # None: the cheapest complete cut
    taken: list[str] | None = None  # node ids and (start)-[TYPE]->(end) links acted on (what-if)
    samples: int = 3  # sample paths per step
    temporal: TemporalRule | None = None  # count only money on temporal chains from cells to suppliers


@dataclass(frozen=True)
class PlanFindings:
    plan: Plan
    offers: Offers
    sources: list[str]
    sinks: list[str]
    entities: dict[str, Row]  # every node of the subgraph, as read (rows for the viewer's view)
    supernodes: frozenset[str]


async def _entities_and_neighbourhood(
    reads: PlanReads, ids: list[str], rel_types: list[str]
) -> tuple[dict[str, Row], list[Row]]:
    """The subgraph's nodes and their neighbourhood, two independent reads run side by side (each
    about a second on the bench graph), on two sessions of the request."""
    if not ids:
        return {}, []
    async with reads.beside() as other:
        return await asyncio.gather(reads.entities(ids), other.neighbourhood(ids, rel_types))


async def plan_interdiction(
    reads: PlanReads, model: DomainModel, catalogue: Catalogue, shown: Shown, question: PlanQuestion
) -> PlanFindings:
    if question.budget is not None and question.budget < 0:
        raise InvalidInput(
            f"budget: {question.budget:g} is negative; give 0 or more, or none for a complete cut"
        )
    taken = taken_of(question.taken or ())
    await _check_given(reads, question, taken.nodes)
    removed = await _taken_links(reads, taken.links, question.rel_types)
    starts, ends = question.sources, question.sinks
    if not starts or not ends:
        starts, ends = await reads.supply_ends(starts, ends)
    projection = await fetch_projection(
        reads, starts, ends, question.max_hops, question.rel_types, MAX_EXPAND_DEGREE
    )
    graph = await asyncio.to_thread(
        _subgraph, projection.nodes, projection.links, starts, ends, question.max_hops
    )
    ids = sorted(graph.nodes)
    rows, around = await _entities_and_neighbourhood(reads, ids, catalogue.neighbourhood_types())
    facts = _facts(rows, around, shown)
    links = await _links(reads, catalogue, model, graph, facts, question.rel_types, shown)
    found = offers(catalogue, facts.values(), [*starts, *ends], links)
    if question.temporal is None:
        money = await _money(reads, graph, rows, shown, taken)
    else:
        money = await _temporal_money(reads, shown, ends, starts, question.temporal, question.max_hops, taken)
    plan = await asyncio.to_thread(
        make_plan,
        graph,
        starts,
        ends,
        found,
        money,
        question.max_hops,
        question.budget,
        [*taken.nodes, *sorted(removed)],
        question.samples,
    )
    return PlanFindings(plan, found, starts, ends, rows, frozenset(projection.capped))


async def _check_given(reads: PlanReads, question: PlanQuestion, taken: Sequence[str]) -> None:
    """Named ids must be entities the viewer sees (a hidden one is reported as missing, as an absent
    one is), and no id may be both a source and a sink."""
    both = sorted(set(question.sources) & set(question.sinks))
    if both:
        raise InvalidInput(
            f"sources and sinks: {', '.join(both[:5])} named as both; an end is one or the other"
        )
    for argument, given in (
        ("sources", question.sources),
        ("sinks", question.sinks),
        ("taken", taken),
    ):
        if not given:
            continue
        seen = await reads.entities(sorted(set(given)))
        missing = sorted(set(given) - set(seen))
        if missing:
            raise InvalidInput(f"{argument}: no entity {', '.join(missing[:5])}")


async def _taken_links(
    reads: PlanReads, links: Sequence[TakenLink], rel_types: list[str]
) -> set[tuple[str, str]]:
    """The pairs the taken links alone joined; each link must be one the viewer sees between two
    nodes it sees (a hidden one is reported as missing, as an absent one is)."""
    if not links:
        return set()
    types = sorted({link.type for link in links})
    pairs = sorted({link.pair for link in links})
    found: list[Row] = []
    for start in range(0, len(pairs), _BATCH):
        batch = pairs[start : start + _BATCH]
        found += await reads.cuttable_links(batch, types, sorted({*rel_types, *types}))
    missing, removed = cut_pairs(links, found, rel_types)
    if missing:
        raise InvalidInput(f"taken: no link {', '.join(missing[:5])}")
    return removed


def _subgraph(
    nodes: set[str], links: set[tuple[str, str]], starts: list[str], ends: list[str], hops: int
) -> Graph:
    # sorted: the max-flow's choice among cuts of equal cost depends on the order arcs are added, and
    # a viewer must get the plan a graph built from its visible records alone gives
    graph = build_graph(dict.fromkeys(sorted(nodes)), ((a, b, None) for a, b in sorted(links)))
    return bounded_union(graph, sorted(starts), sorted(ends), hops)


def _facts(rows: dict[str, Row], around: list[Row], shown: Shown) -> dict[str, ElementFacts]:
    neighbours: dict[str, list[Neighbour]] = {}
    for row in around:
        near = row["neighbour"]
        neighbours.setdefault(str(row["id"]), []).append(
            Neighbour(
                relationship=str(row["type"]),
                direction="out" if row["outgoing"] else "in",
                labels=tuple(near["labels"]),
                props=shown(near),
            )
        )
    return {
        node: ElementFacts(node, tuple(row["labels"]), shown(row), tuple(neighbours.get(node, ())))
        for node, row in rows.items()
    }


async def _links(
    reads: PlanReads,
    catalogue: Catalogue,
    model: DomainModel,
    graph: Graph,
    facts: dict[str, ElementFacts],
    rel_types: list[str],
    shown: Shown,
) -> list[LinkFacts]:
    """The links of each subgraph pair that an action may cut: pairs whose ends carry labels some
    link action's type joins (a cheap filter), then every visible link between them."""
    cut_types = [t for t in catalogue.link_types() if t in rel_types]
    ends = catalogue.link_ends(cut_types, model)
    pairs = sorted(
        (min(a, b), max(a, b))
        for a, b in graph.edges()
        if a in facts and b in facts and ends & set(facts[a].labels) and ends & set(facts[b].labels)
    )
    found = []
    for start in range(0, len(pairs), _BATCH):
        for link in await reads.cuttable_links(pairs[start : start + _BATCH], cut_types, rel_types):
            a, b = facts.get(str(link["startId"])), facts.get(str(link["endId"]))
            if a is not None and b is not None:
                found.append(LinkFacts(str(link["type"]), a, b, shown(link), link))
    return found


async def _temporal_money(
    reads: PlanReads,
    shown: Shown,
    payers: list[str],
    payees: list[str],
    rule: TemporalRule,
    max_hops: int,
    taken: Taken,
) -> MoneyLinks:
    """Per (a, b) pair of addresses (a < b): the amounts of the transfers on temporal money chains from
    the cells' wallets to the suppliers' wallets (money flows against the supply), each transfer once;
    a chain over a taken money link moves nothing."""
    found = await temporal_chains(reads, shown, payers, payees, rule, max_hops)
    cut = taken.link_ids
    moves = {
        move.transfer: move
        for chain in found.chains
        if not any((m.start, MONEY_LINK, m.end) in cut for m in chain.moves)
        for move in chain.moves
    }
    money: dict[tuple[str, str], dict[str, float]] = {}
    for move in moves.values():
        key = (min(move.start, move.end), max(move.start, move.end))
        money.setdefault(key, {})
        money[key][move.asset] = money[key].get(move.asset, 0.0) + move.amount
    return money


async def _money(
    reads: PlanReads, graph: Graph, rows: dict[str, Row], shown: Shown, taken: Taken
) -> MoneyLinks:
    """Per (a, b) pair of addresses linked in the subgraph (a < b): the visible totals per asset of
    the money links not taken."""
    addresses = {node for node, row in rows.items() if "CryptoAddress" in row["labels"]}
    pairs = sorted((min(a, b), max(a, b)) for a, b in graph.edges() if a in addresses and b in addresses)
    money: dict[tuple[str, str], dict[str, float]] = {}
    cut = taken.link_ids
    for start in range(0, len(pairs), _BATCH):
        for link in await reads.money_links(pairs[start : start + _BATCH]):
            if (str(link["startId"]), str(link["type"]), str(link["endId"])) in cut:
                continue
            props = shown(link)
            asset, amount = props.get("asset"), props.get("totalAmount")
            if asset is None or amount is None:
                continue
            key = (min(link["startId"], link["endId"]), max(link["startId"], link["endId"]))
            money.setdefault(key, {})
            money[key][str(asset)] = money[key].get(str(asset), 0.0) + float(amount)
    return money
