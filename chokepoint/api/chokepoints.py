"""``chokepoints``: the brokers, wallets, companies or ports whose removal cuts supplier → cell paths.

The resolver checks the arguments and hands the use case to :mod:`chokepoint.analysis.service`
(the projected subgraph read with the viewer's grants, one query per hop level; the ranking by minimum
vertex cut, pairs disconnected, shortest paths cut and betweenness, off the event loop); it turns the
findings into GraphQL objects, loading the entities of the page shown in one batch.
"""

from __future__ import annotations

import itertools

import strawberry

from chokepoint.analysis.service import (
    MAX_EXPAND_DEGREE,
    ChokepointFindings,
    ChokepointQuestion,
    find_chokepoints,
)
from chokepoint.api import arguments
from chokepoint.api.chains import DEFAULT_CHAIN_HOPS, MAX_CHAIN_HOPS, chain_types, end_ids
from chokepoint.api.context import RequestContext
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import Direction, Entity, Hop, PageInfo, Path, context_of, page_info, resolver
from chokepoint.graph.adapter import Row

DEFAULT_TOP = 10
MAX_TOP = 100
DEFAULT_SAMPLES = 3
MAX_SAMPLES = 10


@strawberry.type(description="A node whose removal cuts source → sink connections, and by how much.")
class Chokepoint:
    rank: int = strawberry.field(description="1 = removing it does the most certain damage")
    entity: Entity
    role: str = strawberry.field(description="Its type and kinds, e.g. 'Organization: crypto_broker'")
    in_minimum_cut: bool = strawberry.field(
        description="Member of a minimum set of nodes whose removal separates every source from every sink"
    )
    pairs_disconnected: int = strawberry.field(
        description="(source, sink) pairs that lose every connection in the subgraph without it"
    )
    paths_cut: int = strawberry.field(description="Shortest source → sink paths (≤ maxHops) through it")
    betweenness: float = strawberry.field(
        description="Per (source, sink) pair, the share of its shortest paths through it, summed"
    )
    paths: list[Path] = strawberry.field(description="A sample of the source → sink paths it cuts")


@strawberry.type
class ChokepointEdge:
    cursor: str
    node: Chokepoint


@strawberry.type(description="Chokepoints, ranked, with figures of the subgraph they were found in.")
class ChokepointConnection:
    edges: list[ChokepointEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Candidates: nodes with any non-zero measure")
    connected_pairs: int = strawberry.field(description="(source, sink) pairs joined within maxHops")
    shortest_paths: int = strawberry.field(description="Shortest source → sink paths within maxHops")
    minimum_cut: list[Entity] = strawberry.field(
        description="A minimum vertex cut between all sources and all sinks"
    )
    uncuttable_links: int = strawberry.field(
        description="Links joining a source to a sink with no intermediary that could be removed"
    )
    subgraph_nodes: int
    subgraph_relationships: int
    supernodes_not_expanded: list[strawberry.ID] = strawberry.field(
        description=f"Nodes with more than {MAX_EXPAND_DEGREE} visible links: kept, not walked through"
    )


@strawberry.type
class ChokepointQuery:
    @resolver(
        "The nodes whose removal cuts the most source → sink connections (sources: default every "
        "precursor_supplier; sinks: every distribution_cell), over supply-chain links and co-spends within "
        "maxHops, all visible to you; ranked by pairs disconnected, minimum-cut membership, "
        "shortest paths cut, then betweenness. Sources and sinks are never chokepoints."
    )
    async def chokepoints(
        self,
        info: strawberry.Info,
        sources: list[strawberry.ID] | None = None,
        sinks: list[strawberry.ID] | None = None,
        max_hops: int = DEFAULT_CHAIN_HOPS,
        rel_types: list[str] | None = None,
        top: int = DEFAULT_TOP,
        after: str | None = None,
        sample_paths: int = DEFAULT_SAMPLES,
    ) -> ChokepointConnection:
        ctx = context_of(info)
        starts, ends = end_ids(sources, "sources"), end_ids(sinks, "sinks")
        hops = arguments.hops(max_hops, MAX_CHAIN_HOPS)
        types = chain_types(ctx.registry.model, rel_types)
        if not 0 <= top <= MAX_TOP:
            raise InvalidArgument(f"top: {top} is out of range; ask for 0 to {MAX_TOP} chokepoints")
        wanted = arguments.page(top, after, limit=MAX_TOP)
        if not 0 <= sample_paths <= MAX_SAMPLES:
            raise InvalidArgument(f"samplePaths: {sample_paths} is out of range; allowed 0 to {MAX_SAMPLES}")
        question = ChokepointQuestion(starts, ends, hops, types, wanted.offset, wanted.first, sample_paths)
        return await _connection(ctx, await find_chokepoints(ctx.reads, question), wanted.offset)


async def _connection(ctx: RequestContext, findings: ChokepointFindings, offset: int) -> ChokepointConnection:
    """The page of chokepoints with their entities and sample paths (entities loaded in one batch)."""
    analysis, samples, links = findings.analysis, findings.samples, findings.links
    on_paths = {node for paths in samples.values() for path in paths for node in path}
    node_ids = set(samples) | set(analysis.minimum_cut) | on_paths
    entities = dict(
        zip(sorted(node_ids), await ctx.loaders.entities.load_many(sorted(node_ids)), strict=True)
    )
    edges = []
    for i, found in enumerate(findings.page):
        entity = entities.get(found.node)
        if entity is None:  # removed since the projection was read
            continue
        chokepoint = Chokepoint(
            rank=offset + i + 1,
            entity=entity,
            role=_role(entity),
            in_minimum_cut=found.in_minimum_cut,
            pairs_disconnected=found.pairs_disconnected,
            paths_cut=found.paths_cut,
            betweenness=found.betweenness,
            paths=[
                path
                for path in (path_from_ids(ctx.registry, ids, entities, links) for ids in samples[found.node])
                if path is not None
            ],
        )
        edges.append(ChokepointEdge(cursor=arguments.encode_cursor(offset + i), node=chokepoint))
    total = len(analysis.chokepoints)
    return ChokepointConnection(
        edges=edges,
        page_info=page_info(offset, len(edges), has_next=offset + len(findings.page) < total),
        total_count=total,
        connected_pairs=analysis.connected_pairs,
        shortest_paths=analysis.paths,
        minimum_cut=[e for e in (entities.get(n) for n in sorted(analysis.minimum_cut)) if e is not None],
        uncuttable_links=analysis.uncuttable_links,
        subgraph_nodes=findings.subgraph_nodes,
        subgraph_relationships=findings.subgraph_relationships,
        supernodes_not_expanded=[strawberry.ID(n) for n in sorted(findings.supernodes)],
    )


def path_from_ids(
    registry: TypeRegistry,
    ids: tuple[str, ...],
    entities: dict[str, Entity | None],
    links: dict[tuple[str, str], Row],
) -> Path | None:
    """A Path over ``ids``; None when a node or hop is no longer there (changed since read)."""
    nodes = [entities.get(node) for node in ids]
    rels = [links.get(pair) for pair in itertools.pairwise(ids)]
    if any(node is None for node in nodes):
        return None
    hops = []
    for start, rel in zip(ids, rels, strict=False):
        if rel is None:
            return None
        direction = Direction.OUTGOING if rel["startId"] == start else Direction.INCOMING
        hops.append(Hop(direction=direction, relationship=registry.relationship(rel)))
    return Path(length=len(hops), nodes=[n for n in nodes if n is not None], relationships=hops)


def _role(entity: Entity) -> str:
    label = type(entity).__name__
    kinds = getattr(entity, "kinds", None) or []
    return f"{label}: {', '.join(kinds)}" if kinds else label


API_TYPES: tuple[type, ...] = (Chokepoint, ChokepointEdge, ChokepointConnection, ChokepointQuery)
