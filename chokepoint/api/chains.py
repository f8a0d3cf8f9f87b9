"""``supplyChains``: the shortest supplier → broker → wallets → cartel → US-cell chain of each pair.

The supply-chain model is the saved investigation ``queries/supply_and_money_chains.cypher``: goods,
money, control and identity links walked in either direction, from Organizations whose ``kinds``
hold ``precursor_supplier`` to those holding ``distribution_cell`` — here filtered by the viewer's
grants on every node and relationship of a chain, and returned as Path objects with their evidence.
The resolver checks the arguments; :mod:`chokepoint.analysis.supply_chains` decides which money hops
a temporal rule lets count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import strawberry

from chokepoint.analysis.supply_chains import ChainQuestion, supply_chains
from chokepoint.api import arguments
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import PathConnection, PathEdge, context_of, page_info, resolver
from chokepoint.api.paths import path_of
from chokepoint.api.temporal_rule import TemporalRuleInput, rule_of
from chokepoint.schema.model import DomainModel

SUPPLY_CHAIN = "supply_chain"  # schema/common.yaml's relationship group of chain links
CO_SPEND = "co_spend"  # its group of co-spend links: address -SPENT_IN-> transaction <-SPENT_IN- address
DEFAULT_CHAIN_HOPS = 10
MAX_CHAIN_HOPS = 12  # the chain query's pattern allows at most this many hops
MAX_CHAINS_PAGE = 25
MAX_ENDS = 2_000  # ids per list of suppliers, cells, sources or sinks


def chain_types(model: DomainModel, names: Iterable[str] | None) -> list[str]:
    """The relationship types a chain may follow: ``names`` from the allow-list, or by default the
    supply-chain links and co-spend steps (the ``co_spend`` group). supplyChains, chokepoints and
    interdictionPlan cross a UTXO transaction only as a co-spend that is no CoinJoin and no split the
    viewer sees disregards (their queries' rule)."""
    chosen = arguments.relationship_types(model, names)
    if chosen:
        return chosen
    return [*model.relationship_group(SUPPLY_CHAIN), *model.relationship_group(CO_SPEND)]


def end_ids(values: Sequence[strawberry.ID] | None, argument: str) -> list[str]:
    """Checked ids of one end of the chains (empty: the default population)."""
    ids = list(dict.fromkeys(arguments.entity_id(str(v), argument) for v in values or ()))
    if len(ids) > MAX_ENDS:
        raise InvalidArgument(f"{argument}: {len(ids)} ids; at most {MAX_ENDS}")
    return ids


@strawberry.type
class SupplyChainConnection(PathConnection):
    temporal_truncated: bool | None = strawberry.field(
        description="With temporal: true when a bound of the temporal money-chain search cut it (the "
        "search keeps the earliest arrivals per address and a bounded number of states per hop, as "
        "temporalMoneyChains' truncated says), so some money hops a complete search would back may "
        "be missing; false when the search ran to the end; null without temporal"
    )


@strawberry.type
class SupplyChainQuery:
    @resolver(
        "Shortest chain from each supplier to each cell (suppliers: default every "
        "precursor_supplier; cells: every distribution_cell) over goods, money, control and "
        "identity links and co-spends (two addresses spent in one UTXO transaction: one wallet; never "
        "through a CoinJoin or a transaction a split you see disregards), shortest first; every hop "
        "with its evidence, all of it visible to you. "
        "temporal: a money hop (SENT_FUNDS_TO) counts only from a sender to a receiver that some "
        "transfer of a temporal money chain from the cells' wallets to the suppliers' went between "
        "(each transfer in order, within windowHours of the one before, one asset, at most 1 + "
        "tolerance and at least minShare of it: the chains temporalMoneyChains finds and "
        "interdictionPlan counts with the same rule, over the transfers and values you may see); "
        "other links count as they are"
    )
    async def supply_chains(
        self,
        info: strawberry.Info,
        suppliers: list[strawberry.ID] | None = None,
        cells: list[strawberry.ID] | None = None,
        max_hops: int = DEFAULT_CHAIN_HOPS,
        rel_types: list[str] | None = None,
        first: int = 10,
        after: str | None = None,
        temporal: TemporalRuleInput | None = None,
    ) -> SupplyChainConnection:
        ctx = context_of(info)
        wanted = arguments.page(first, after, limit=MAX_CHAINS_PAGE)
        question = ChainQuestion(
            suppliers=end_ids(suppliers, "suppliers"),
            cells=end_ids(cells, "cells"),
            max_hops=arguments.hops(max_hops, MAX_CHAIN_HOPS),
            rel_types=chain_types(ctx.registry.model, rel_types),
            first=wanted.first,
            skip=wanted.offset,
            temporal=rule_of(temporal),
        )
        found = await supply_chains(ctx.reads, ctx.registry.shown, question)
        edges = [
            PathEdge(cursor=arguments.encode_cursor(wanted.offset + i), node=path_of(ctx.registry, row))
            for i, row in enumerate(found.rows)
        ]
        has_next = wanted.offset + len(edges) < found.total
        return SupplyChainConnection(
            edges=edges,
            page_info=page_info(wanted.offset, len(edges), has_next),
            total_count=found.total,
            temporal_truncated=found.temporal_truncated,
        )


API_TYPES: tuple[type, ...] = (SupplyChainQuery, SupplyChainConnection)
