"""Reads and writes of identity resolution, each one named query in ``graph/cypher/resolve_*.cypher``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.resolution.decisions import DATASET, StrongGroup
from chokepoint.resolution.evidence import AGENCY, assertions
from chokepoint.resolution.scoring import Party
from chokepoint.schema.vocabulary import CAVEATS  # least to most restrictive

PAGE_SIZE = 20000
WRITE_BATCH = 5000


@dataclass(frozen=True)
class Link:
    type: str  # SAME_AS or NOT_SAME_AS
    source: str
    target: str
    score: float | None = None
    decision_id: str | None = None
    markings: tuple[str, ...] = ()


def read_parties(graph: Graph, page_size: int = PAGE_SIZE) -> Iterator[Party]:
    """Every Person, Organization and VendorAccount, read in id-ordered pages."""
    query, after = load_query("resolve_list_parties"), ""
    while rows := graph.read(query, after=after, limit=page_size):
        for row in rows:
            yield Party(
                id=row["id"],
                label=row["label"],
                names=tuple(row["names"]),
                birth_dates=tuple(row["birthDates"]),
                countries=tuple(row["countries"]),
                assertions=assertions(row["records"], row["recordMarkings"]),
                value_log=tuple(row["valueLog"] or ()),
                grants=tuple(row["grants"]),
            )
        after = rows[-1]["id"]


def read_strong_groups(graph: Graph) -> list[StrongGroup]:
    groups = []
    for row in graph.read(load_query("resolve_find_strong_groups")):
        members = sorted(row["members"], key=lambda member: str(member["id"]))
        anchor = row["anchor"]
        groups.append(
            StrongGroup(
                row["identifier"],
                row["label"],
                row["value"],
                tuple(member["id"] for member in members),
                None if anchor is None else assertions(anchor["records"], anchor["markings"]),
                tuple(assertions(member["records"], member["markings"]) for member in members),
            )
        )
    return groups


def read_links(graph: Graph) -> list[Link]:
    rows = graph.read(load_query("resolve_list_links"))
    return [
        Link(r["type"], r["source"], r["target"], r["score"], r["decisionId"], tuple(r["markings"]))
        for r in rows
    ]


def write_same_as(graph: Graph, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Create or update SAME_AS decisions (``source``, ``target``, ``decisionId``, ``props``);
    returns (created, updated): a decision written before with the same properties is unchanged."""
    query, created, updated = load_query("resolve_merge_same_as"), 0, 0
    for _, counts in graph.write_batches(query, rows, WRITE_BATCH, now=dt.datetime.now(dt.UTC)):
        created, updated = created + counts.created, updated + counts.updated
    return created, updated


def delete_stale_same_as(graph: Graph, rows: list[dict[str, Any]]) -> int:
    """Delete the SAME_AS decisions named by ``source``, ``target`` and ``decisionId``."""
    query, deleted = load_query("resolve_delete_stale_same_as"), 0
    for start in range(0, len(rows), WRITE_BATCH):
        result = graph.write(query, rows=rows[start : start + WRITE_BATCH])
        deleted += int(result[0]["deleted"]) if result else 0
    return deleted


def write_not_same_as(graph: Graph, rows: list[dict[str, Any]], by: str, reason: str) -> int:
    query, created = load_query("resolve_merge_not_same_as"), 0
    common = {"now": dt.datetime.now(dt.UTC), "dataset": DATASET, "agency": AGENCY}
    for _, counts in graph.write_batches(
        query, rows, WRITE_BATCH, caveatOrder=list(CAVEATS), by=by, reason=reason, **common
    ):
        created += counts.created
    return created


def refresh_link_caveats(graph: Graph) -> int:
    """Keep each NOT_SAME_AS at the most restrictive caveat of its ends; how many changed."""
    rows = graph.write(load_query("resolve_refresh_link_caveats"), caveatOrder=list(CAVEATS))
    return int(rows[0]["updated"]) if rows else 0


def read_resolved_ids(graph: Graph) -> dict[str, str]:
    return {r["id"]: r["resolvedId"] for r in graph.read(load_query("resolve_list_resolved_ids"))}


def write_resolved_ids(graph: Graph, values: dict[str, str | None]) -> int:
    """Set each node's resolvedId (None removes it)."""
    rows = [{"id": node, "resolvedId": value} for node, value in sorted(values.items())]
    query, updated = load_query("resolve_set_resolved_ids"), 0
    for start in range(0, len(rows), WRITE_BATCH):
        result = graph.write(query, rows=rows[start : start + WRITE_BATCH])
        updated += int(result[0]["updated"]) if result else 0
    return updated


def find_nodes(graph: Graph, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in graph.read(load_query("resolve_find_parties"), ids=ids)}


def node_links(graph: Graph, ids: list[str]) -> list[dict[str, Any]]:
    return graph.read(load_query("resolve_list_node_links"), ids=ids)


def delete_same_as(graph: Graph, node: str, others: list[str]) -> list[str]:
    """Delete SAME_AS between ``node`` and ``others`` (all of its links when empty); the partners."""
    rows = graph.write(load_query("resolve_delete_same_as"), id=node, others=others)
    return [r["other"] for r in rows]
