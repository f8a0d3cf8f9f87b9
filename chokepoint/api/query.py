"""The root ``Query``: entity, entities, search, address, neighbors and paths.

Extension point: later capabilities (``supplyChains``, ``chokepoints``, ``investigations``) are added
as further root types merged in ``schema.build_schema`` (``strawberry.tools.merge_types``), not here.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from chokepoint.api import arguments, lucene
from chokepoint.api.address import AddressReport
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.loader_keys import NeighborKey
from chokepoint.api.objects import (
    Direction,
    Entity,
    EntityConnection,
    NeighborConnection,
    PathConnection,
    context_of,
    entity_connection,
    resolver,
)
from chokepoint.api.paths import path_connection
from chokepoint.api.reads import MAX_PATHS
from chokepoint.api.search import search

DEFAULT_PATHS = 10
DEFAULT_PATH_HOPS = 4


@strawberry.type
class Query:
    @resolver("One entity by its global id; null when absent or not visible to you")
    async def entity(self, info: strawberry.Info, id: strawberry.ID) -> Entity | None:
        return await context_of(info).loaders.entities.load(arguments.entity_id(str(id)))

    @resolver(
        f"Entities by their global ids (at most {arguments.MAX_ENTITY_IDS}), in the order given: "
        "null for each that is absent or not visible to you; one read for them all"
    )
    async def entities(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[Entity | None]:
        checked = arguments.entity_ids([str(i) for i in ids])
        return list(await context_of(info).loaders.entities.load_many(checked))

    @resolver(
        "Full-text search over names, aliases, identifiers and addresses; every word must "
        "match (Lucene syntax in the text is searched for literally)"
    )
    async def search(
        self,
        info: strawberry.Info,
        text: str,
        types: list[str] | None = None,
        first: int = arguments.DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> EntityConnection:
        ctx = context_of(info)
        words = lucene.search_words(text)
        labels = arguments.node_types(ctx.registry.model, types)
        wanted = arguments.page(first, after)
        found = await search(ctx.reads, ctx.registry, words, labels, wanted.first, wanted.offset)
        return entity_connection(found.nodes, wanted.offset, wanted.first, found.total)

    @resolver(
        "A crypto address in any valid form (EIP-55 or lower-case for EVM chains); null "
        "when the graph does not hold it"
    )
    async def address(self, info: strawberry.Info, chain: str, address: str) -> AddressReport | None:
        ctx = context_of(info)
        chain_name = arguments.chain(ctx.registry.model, chain)
        normalised = arguments.address(chain_name, address)
        row = await ctx.reads.address(chain_name, normalised)
        if row is None:
            return None
        node = ctx.registry.entity(row)
        records = node.source_records or []  # the viewer's visible assertions only
        return AddressReport(node=node, chain=chain_name, address=normalised, records=list(records))

    @resolver(
        "Neighbours of an entity: countsByType first (cheap on supernodes), then pages; "
        "null when the entity is absent or not visible to you"
    )
    async def neighbors(
        self,
        info: strawberry.Info,
        id: strawberry.ID,
        rel_types: list[str] | None = None,
        direction: Direction = Direction.BOTH,
        first: int = arguments.DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> NeighborConnection | None:
        ctx = context_of(info)
        entity_id = arguments.entity_id(str(id))
        chosen = arguments.relationship_types(ctx.registry.model, rel_types)
        wanted = arguments.page(first, after)
        if await ctx.loaders.entities.load(entity_id) is None:
            return None
        return NeighborConnection(
            key=NeighborKey(entity_id, tuple(chosen), direction.value, wanted.first, wanted.offset)
        )

    @resolver(
        f"Shortest paths between two entities (up to {MAX_PATHS}, shortest first), each "
        "hop with its relationship's evidence"
    )
    async def paths(
        self,
        info: strawberry.Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = DEFAULT_PATH_HOPS,
        rel_types: list[str] | None = None,
        first: int = DEFAULT_PATHS,
        after: str | None = None,
    ) -> PathConnection:
        ctx = context_of(info)
        source, target = arguments.entity_id(str(from_), "from"), arguments.entity_id(str(to), "to")
        if source == target:
            raise InvalidArgument("from and to name the same entity; give two different ids")
        hops = arguments.hops(max_hops, arguments.MAX_HOPS)
        chosen = arguments.relationship_types(ctx.registry.model, rel_types)
        wanted = arguments.page(first, after, limit=MAX_PATHS)
        rows = await ctx.reads.paths(source, target, hops, chosen)
        return path_connection(ctx.registry, rows, wanted.first, wanted.offset)
