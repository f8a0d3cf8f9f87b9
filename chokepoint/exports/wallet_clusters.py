"""Wallet clusters drawn into a link chart (``--clusters``, the API's ``clusters=true``).

A co-spend cluster is never stored (a stored one would tell a partner that a transaction it may not
see joined two addresses), so a chart gets the exporting viewer's: for every address of a UTXO chain
in the chart, :func:`chokepoint.clustering.service.cluster_around` walks the cluster over what that
viewer's grants see, as the API's ``address { cluster }`` does. A cluster of two or more addresses
becomes a ``WalletCluster`` node (size, representative, totals and activity over the visible
transactions) with an ``IN_CLUSTER`` link from each of its members that the chart holds, carrying the
rule and the transactions that joined it. Members outside the chart are counted, not drawn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Event
from typing import Any

from chokepoint.clustering import service
from chokepoint.clustering.activity import activity_of
from chokepoint.exports.subgraph import ExportCancelled, ExportEdge, ExportNode, edge_id
from chokepoint.exports.view import cypher_text
from chokepoint.formats.btc_transactions import UTXO_CHAINS
from chokepoint.graph import Graph
from chokepoint.graph.adapter import Row
from chokepoint.graph.queries import load_query

MAX_CLUSTERS = 200  # clusters drawn per chart at most; the rest are not drawn (``clusters_cut``)
MAX_WALKS = 1_000  # cluster walks per chart at most (each a few reads), drawn or not


@dataclass(frozen=True)
class ClusterOverlay:
    """The WalletCluster nodes and IN_CLUSTER links a chart adds, and whether it stopped early."""

    nodes: tuple[ExportNode, ...] = ()
    edges: tuple[ExportEdge, ...] = ()
    clusters_cut: bool = False  # more than MAX_CLUSTERS clusters or MAX_WALKS walks: some not drawn


class GraphClusterReads:
    """The reads clustering needs (:class:`service.ClusterReads`) over the synchronous graph an
    export runs on, every one with the exporting viewer's grants."""

    def __init__(self, graph: Graph, grants: Sequence[str]) -> None:
        self._graph, self._grants = graph, list(grants)

    @property
    def grants(self) -> list[str]:
        return list(self._grants)

    async def cluster_spends(self, ids: Sequence[str], seen: Sequence[str], limit: int) -> list[Row]:
        return self._read("cluster_spends", ids=list(ids), seen=list(seen), limit=limit)

    async def cluster_transactions(self, chain: str, after: str, limit: int) -> list[Row]:
        return self._read("cluster_transactions", chain=chain, after=after, limit=limit)

    async def cluster_chains(self) -> list[str]:
        return [str(row["chain"]) for row in self._read("cluster_chains")]

    async def address(self, chain: str, address: str) -> Row | None:
        rows = self._read("api_find_address", chain=chain, address=address)
        return rows[0] if rows else None

    def cluster_activity(self, ids: Sequence[str]) -> list[Row]:
        return self._read("cluster_activity", ids=list(ids))

    def utxo_addresses(self, ids: Sequence[str]) -> list[Row]:
        return self._read("export_utxo_addresses", ids=list(ids), chains=sorted(UTXO_CHAINS))

    def _read(self, name: str, **params: Any) -> list[Row]:
        return self._graph.read(load_query(name), grants=self._grants, **params)


def cluster_overlay(
    graph: Graph, ids: Sequence[str], grants: Sequence[str], stop: Event | None = None
) -> ClusterOverlay:
    """The clusters of the chart's UTXO addresses ``ids`` as a viewer holding ``grants`` sees them;
    ``stop`` set ends the walks (``ExportCancelled``) before the next one."""
    reads = GraphClusterReads(graph, grants)
    return asyncio.run(_overlay(reads, reads.utxo_addresses(ids), frozenset(ids), stop))


async def _overlay(
    reads: GraphClusterReads, addresses: list[Row], charted: frozenset[str], stop: Event | None
) -> ClusterOverlay:
    nodes: list[ExportNode] = []
    edges: list[ExportEdge] = []
    covered: set[str] = set()
    walks = 0
    for row in addresses:
        if row["id"] in covered:
            continue
        if len(nodes) == MAX_CLUSTERS or walks == MAX_WALKS:
            return ClusterOverlay(tuple(nodes), tuple(edges), clusters_cut=True)
        if stop is not None and stop.is_set():
            raise ExportCancelled("the export was stopped while its wallet clusters were walked")
        walks += 1
        found = await service.cluster_around(reads, str(row["chain"]), str(row["address"]), str(row["id"]))
        member_ids = found.member_ids
        covered.update(member_ids)
        if len(found.members) < 2:
            continue
        node = _cluster_node(found, reads.cluster_activity(member_ids))
        nodes.append(node)
        edges += _member_edges(found, node.id, charted)
    return ClusterOverlay(tuple(nodes), tuple(edges))


def _cluster_node(found: service.ViewerCluster, activity_rows: list[Row]) -> ExportNode:
    activity = activity_of(activity_rows)
    size = len(found.members)
    props: dict[str, Any] = {
        "name": f"Wallet of {found.representative} ({size}{'+' if found.truncated else ''} addresses)",
        "heuristic": "common_input",
        "size": size,
        "chain": found.chain,
        "representative": found.representative,
        "truncated": found.truncated,
        "totalReceived": str(activity.received),
        "totalSent": str(activity.sent),
        "firstActivity": _iso(activity.first),
        "lastActivity": _iso(activity.last),
    }
    node_id = f"WalletCluster:{found.chain}|{found.representative}"
    return ExportNode(node_id, "WalletCluster", {k: v for k, v in props.items() if v is not None})


def _member_edges(found: service.ViewerCluster, cluster_id: str, charted: frozenset[str]) -> list[ExportEdge]:
    joined = {m.membership.address: m.membership for m in found.memberships()}
    out = []
    for address, member_id in found.ids_of_members().items():
        if member_id not in charted:
            continue
        membership = joined.get(address)
        props: dict[str, Any] = {}
        if membership is not None and membership.txids:
            props = {"rule": membership.rule, "evidence": list(membership.txids)}
        out.append(
            ExportEdge(
                edge_id("IN_CLUSTER", member_id, cluster_id), "IN_CLUSTER", member_id, cluster_id, props
            )
        )
    return out


def _iso(value: Any) -> str | None:
    """A time as the chart's other dates are written (Cypher's text), from neo4j's DateTime."""
    if value is None:
        return None
    return str(cypher_text(value.to_native() if hasattr(value, "to_native") else value))
