"""``address(chain, address)``: an address's holders, sanctions exposure, transfers and records."""

from __future__ import annotations

import strawberry

from chokepoint.analysis.exposure import search_for
from chokepoint.analysis.exposure_floor import floor_types
from chokepoint.api import arguments
from chokepoint.api.co_spend_cluster import CoSpendCluster, cluster_for
from chokepoint.api.loader_keys import NeighborKey
from chokepoint.api.objects import (
    Direction,
    Entity,
    EntityConnection,
    MoneyFlow,
    NeighborConnection,
    SanctionsExposure,
    TransferConnection,
    TransferEdge,
    context_of,
    entity_connection,
    page_info,
    resolver,
)
from chokepoint.api.paths import path_of
from chokepoint.clustering import service

DEFAULT_EXPOSURE_HOPS = 4


@strawberry.type(description="What the graph knows about one crypto address.")
class AddressReport:
    node: Entity = strawberry.field(description="The CryptoAddress")
    chain: str
    address: str = strawberry.field(description="The normalised address (EVM: lower-case)")
    records: list[str] = strawberry.field(description="Every dataset:record that mentions the address")

    @resolver("Parties that control the address (CONTROLS_ADDRESS)")
    async def holders(
        self, info: strawberry.Info, first: int = arguments.DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> EntityConnection:
        ctx = context_of(info)
        wanted = arguments.page(first, after)
        total, rows = await ctx.reads.holders(str(self.node.id), wanted.first, wanted.offset)
        nodes = [ctx.registry.entity(row) for row in rows]
        return entity_connection(nodes, wanted.offset, wanted.first, total)

    @resolver("Transfers the address sent (OUTGOING) or received (INCOMING)")
    async def transfers(
        self,
        info: strawberry.Info,
        direction: Direction = Direction.BOTH,
        first: int = arguments.DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> TransferConnection:
        ctx = context_of(info)
        wanted = arguments.page(first, after)
        address_id = str(self.node.id)
        total, rows = await ctx.reads.transfers(address_id, direction.value, wanted.first, wanted.offset)
        edges = [
            TransferEdge(
                cursor=arguments.encode_cursor(wanted.offset + i),
                node=ctx.registry.entity(row["node"]),
                direction=Direction.OUTGOING if row["outgoing"] else Direction.INCOMING,
                counterparties=[ctx.registry.entity(c) for c in row["counterparties"]],
            )
            for i, row in enumerate(rows)
        ]
        has_next = wanted.offset + len(edges) < total
        return TransferConnection(
            edges=edges, page_info=page_info(wanted.offset, len(edges), has_next), total_count=total
        )

    @resolver(
        "The nearest party under an active designation (or sanctioned address) within "
        "maxHops, with the path; null when there is none. flow RECEIVED or SENT follows money links "
        "(the schema's money_flows) only the way the money moved, to or from the address"
    )
    async def sanctions_exposure(
        self,
        info: strawberry.Info,
        max_hops: int = DEFAULT_EXPOSURE_HOPS,
        rel_types: list[str] | None = None,
        flow: MoneyFlow = MoneyFlow.ANY,
    ) -> SanctionsExposure | None:
        ctx = context_of(info)
        model = ctx.registry.model
        hops = arguments.hops(max_hops, arguments.MAX_EXPOSURE_HOPS)
        chosen = arguments.relationship_types(model, rel_types) or floor_types(model)
        search = search_for(model, str(self.node.id), chosen, hops, flow.name)
        row = await ctx.reads.sanctions_exposure(search)
        if row is None:
            return None
        return SanctionsExposure(
            hops=int(row["hops"]),
            flow=flow,
            party=ctx.registry.entity(row["party"]),
            designations=[ctx.registry.entity(d) for d in row["designations"]],
            path=path_of(ctx.registry, row),
        )

    @resolver(
        "The address's wallet cluster by co-spend, computed from the UTXO transactions, links and split "
        "decisions you may see; the walk stops at maxMembers addresses (then truncated is true)"
    )
    async def cluster(
        self, info: strawberry.Info, max_members: int = service.DEFAULT_MAX_MEMBERS
    ) -> CoSpendCluster:
        return await cluster_for(info, self.chain, self.address, str(self.node.id), max_members)

    @resolver("Source documents that mention the address (MENTIONED_IN)")
    def mentioned_in(
        self, info: strawberry.Info, first: int = arguments.DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> NeighborConnection:
        wanted = arguments.page(first, after)
        rel_types = arguments.relationship_types(context_of(info).registry.model, ["MENTIONED_IN"])
        outgoing = Direction.OUTGOING.value
        key = NeighborKey(str(self.node.id), tuple(rel_types), outgoing, wanted.first, wanted.offset)
        return NeighborConnection(key=key)
