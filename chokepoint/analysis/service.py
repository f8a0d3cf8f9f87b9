"""The chokepoint analysis as a use case: fetch the projected subgraph, rank, sample paths.

Called by the API's ``chokepoints`` field (which only checks arguments and turns the findings into
GraphQL objects); anything else can call it with its own reads. The networkx part is CPU-bound and
can take seconds on a large projection, so it runs on a worker thread: the event loop keeps serving
other requests (other agencies) meanwhile.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

from chokepoint.analysis import ranking
from chokepoint.analysis.fetch import Projection, ProjectionReads, fetch_projection
from chokepoint.analysis.projection import Graph, bounded_union, build_graph
from chokepoint.graph.adapter import Row

MAX_EXPAND_DEGREE = 1_000  # a node with more visible links is kept but not expanded (a supernode)
SamplePaths = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ChokepointQuestion:
    """Between which ends, over which links, and which page of the ranking to detail."""

    sources: list[str]  # empty: every visible precursor supplier
    sinks: list[str]  # empty: every visible distribution cell
    max_hops: int
    rel_types: list[str]
    offset: int
    count: int
    samples: int  # sample paths per chokepoint of the page


@dataclass(frozen=True)
class ChokepointFindings:
    """The ranking, the page asked for with its sample paths and the relationships along them."""

    analysis: ranking.Analysis
    page: tuple[ranking.Chokepoint, ...]
    samples: dict[str, SamplePaths]
    links: dict[tuple[str, str], Row]
    subgraph_nodes: int
    subgraph_relationships: int
    supernodes: frozenset[str]  # visible nodes with more than MAX_EXPAND_DEGREE links, not walked through


async def find_chokepoints(reads: ProjectionReads, question: ChokepointQuestion) -> ChokepointFindings:
    starts, ends = question.sources, question.sinks
    if not starts or not ends:
        starts, ends = await reads.supply_ends(starts, ends)
    projection = await fetch_projection(
        reads, starts, ends, question.max_hops, question.rel_types, MAX_EXPAND_DEGREE
    )
    ranked = await asyncio.to_thread(_rank, projection, starts, ends, question)
    hops = {pair for paths in ranked.samples.values() for path in paths for pair in itertools.pairwise(path)}
    links = await reads.links(sorted(hops), question.rel_types) if hops else {}
    return ChokepointFindings(
        ranked.analysis,
        ranked.page,
        ranked.samples,
        links,
        ranked.graph.number_of_nodes(),
        ranked.graph.number_of_edges(),
        frozenset(projection.capped),
    )


@dataclass(frozen=True)
class _Ranked:
    graph: Graph
    analysis: ranking.Analysis
    page: tuple[ranking.Chokepoint, ...]
    samples: dict[str, SamplePaths]


def _rank(
    projection: Projection, starts: list[str], ends: list[str], question: ChokepointQuestion
) -> _Ranked:
    """The pure part (networkx), run off the event loop on data no other task touches."""
    hops = question.max_hops
    # sorted: the sample paths among equally short ones follow the order nodes and links are added,
    # which must depend on what the viewer sees alone (not on set order, or on what floors pruned)
    links = ((a, b, None) for a, b in sorted(projection.links))
    graph = bounded_union(build_graph(dict.fromkeys(sorted(projection.nodes)), links), starts, ends, hops)
    analysis = ranking.analyse(graph, starts, ends, hops)
    page = analysis.chokepoints[question.offset : question.offset + question.count]
    samples = {
        found.node: ranking.sample_paths(graph, found.node, starts, ends, hops, question.samples)
        for found in page
    }
    return _Ranked(graph, analysis, page, samples)
