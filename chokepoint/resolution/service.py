"""Identity resolution as services for the CLI, the API and the demo: run, split, explain.

A merge is a SAME_AS link between two nodes, never a physical merge, so every decision can be
explained (rule, score, evidence records, explanation) and undone (``split``, which also records
NOT_SAME_AS so that no later run links the pair again, directly or through a third node).

A link is marked by its evidence, not by its ends: each visibility class (PUBLIC; PUBLIC with one
other grant; everything) is resolved on the records it sees alone (``decisions.py``), and its
decisions are marked with its grant, so whoever sees a link may see every record it rests on, and
sees exactly the links its visible records would have produced. A class other than PUBLIC adds only
what PUBLIC's links do not already join. What only the everything view decides rests on two or more
grants at once, which no single grant covers: it is marked for no partner (the exception).

Members of a cluster of PUBLIC links carry ``resolvedId`` (its OFAC node if it has one, else its
smallest id): a value every viewer may see, computed from what every viewer sees.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chokepoint.errors import InvalidInput, NotFound
from chokepoint.graph import Graph
from chokepoint.markings import PUBLIC
from chokepoint.resolution import store
from chokepoint.resolution.clusters import Clusters, representative, resolved_ids
from chokepoint.resolution.decisions import Decision, Pair, StrongGroup, ViewResolver, resolve_view
from chokepoint.resolution.evidence import EVERYTHING_VIEW, View, seeds_of, views
from chokepoint.resolution.party_values import Specs
from chokepoint.resolution.scoring import Party, Similar
from chokepoint.schema.model import DomainModel
from chokepoint.schema.vocabulary import NODE_GROUPS
from chokepoint.values.log import logged_properties

RESOLVABLE = NODE_GROUPS["resolvable"]


@dataclass
class RunReport:
    """What ``run`` did: new links per rule, and why the other candidates were not linked."""

    parties: int = 0
    linked: Counter[str] = field(default_factory=Counter)  # new SAME_AS decisions per rule
    not_linked: Counter[str] = field(default_factory=Counter)  # candidate pairs no view linked, per reason
    name_candidates: int = 0  # the everything view's (pairs no narrower view compared)
    skipped_blocks: int = 0
    skipped_groups: int = 0  # shared identifiers held by too many parties (everything view)
    views: int = 0  # visibility classes resolved
    updated: int = 0  # decisions whose evidence changed since the last run
    removed: int = 0  # decisions no class makes any more
    exceptions: int = 0  # decisions only the everything view makes: visible to no partner
    caveats_updated: int = 0  # NOT_SAME_AS splits raised to a stricter end's caveat
    resolved_ids_changed: int = 0
    clusters: int = 0  # clusters of the everything view


def run(graph: Graph, model: DomainModel) -> RunReport:
    """Decide every pair in every visibility class, write the decisions, delete those no class makes
    any more, then refresh split caveats and resolvedIds. Idempotent. A class compares a shared
    party on the values its own records give (its value log: the ``model`` says how to read it)."""
    report = RunReport()
    parties = list(store.read_parties(graph))
    groups = store.read_strong_groups(graph)
    links = store.read_links(graph)
    report.parties = len(parties)
    splits = [(x.source, x.target) for x in links if x.type == "NOT_SAME_AS"]
    decided = _decide(parties, groups, links, splits, report, _specs(model))
    rows = [d.row() for d in decided]
    existing = {x.decision_id: x for x in links if x.type == "SAME_AS"}
    wanted = {row["decisionId"] for row in rows}
    stale = [
        {"source": x.source, "target": x.target, "decisionId": key}
        for key, x in existing.items()
        if key not in wanted
    ]
    report.removed = store.delete_stale_same_as(graph, stale)
    _, report.updated = store.write_same_as(graph, rows)
    report.linked.update(d.assessment.rule for d in decided if d.decision_id not in existing)
    report.exceptions = sum(1 for d in decided if d.view.everything)
    report.caveats_updated = store.refresh_link_caveats(graph)
    report.resolved_ids_changed, _ = refresh_resolved_ids(graph)
    report.clusters = len(_clusters(store.read_links(graph)).groups())
    return report


def _decide(
    parties: list[Party],
    groups: list[StrongGroup],
    links: list[store.Link],
    splits: list[Pair],
    report: RunReport,
    specs: Specs,
) -> list[Decision]:
    """Each view's decisions in turn (``evidence.views``), beyond those of the views it is seeded
    with (``evidence.seeds_of``: what every viewer of it sees anyway)."""
    grants = {grant for party in parties for _, grant in party.assertions}
    grants |= {g for group in groups for piece in (group.anchor or (), *group.links) for _, g in piece}
    every = views(grants)
    report.views = len(every)
    existing = _existing_by_view(links, every)
    decided: dict[str, dict[Pair, Decision]] = {}
    similarities: dict[Pair, Similar] = {}  # a pair's names score alike in every view: once
    reasons: dict[Pair, str] = {}  # why each candidate pair was not linked, by the widest view
    for view in every:
        seed_views = seeds_of(view, every[1:-1])
        resolver = ViewResolver(view, parties, groups, similarities, seed_views, specs)
        seeds = [pair for seed in seed_views for pair in decided[seed.key]]
        decided[view.key] = resolve_view(resolver, seeds, existing.get(view.key, []), splits, reasons)
        if view.everything:
            report.name_candidates = len(resolver.blocks.pairs)
            report.skipped_blocks = resolver.blocks.skipped_blocks
            report.skipped_groups = resolver.skipped_groups
    out = [decision for by_pair in decided.values() for decision in by_pair.values()]
    linked = {decision.pair for decision in out}
    report.not_linked.update(reason for pair, reason in reasons.items() if pair not in linked)
    return out


def _specs(model: DomainModel) -> Specs:
    """The logged properties of each resolvable type (what a party's value log can replay)."""
    out: dict[str, Any] = {}
    for label in model.group("resolvable"):
        spec = model.node(label)
        out[label] = logged_properties(spec.properties, spec.identity)
    return out


def _existing_by_view(links: list[store.Link], every: list[View]) -> dict[str, list[Pair]]:
    """Each view's SAME_AS pairs, strongest first: a link marked with a view's grant is that view's;
    any other (the exception's, or one written before views) is the everything view's."""
    keys = {view.grant: view.key for view in every if view.grant is not None}
    out: dict[str, list[Pair]] = {}
    same_as = [x for x in links if x.type == "SAME_AS"]
    for link in sorted(same_as, key=lambda x: (-(x.score or 0.0), x.source, x.target)):
        key = keys.get(link.markings[0]) if len(link.markings) == 1 else None
        out.setdefault(key or EVERYTHING_VIEW.key, []).append((link.source, link.target))
    return out


def _clusters(links: Iterable[store.Link]) -> Clusters:
    """Clusters over SAME_AS links, strongest first, never joining a split pair."""
    links = list(links)
    clusters = Clusters((x.source, x.target) for x in links if x.type == "NOT_SAME_AS")
    same_as = [x for x in links if x.type == "SAME_AS"]
    for link in sorted(same_as, key=lambda x: (-(x.score or 0.0), x.source, x.target)):
        clusters.link(link.source, link.target)
    return clusters


def refresh_resolved_ids(graph: Graph) -> tuple[int, int]:
    """Recompute every resolvedId from the PUBLIC SAME_AS links; returns (nodes changed, clusters)."""
    public = [x for x in store.read_links(graph) if x.type == "NOT_SAME_AS" or x.markings == (PUBLIC,)]
    clusters = _clusters(public)
    wanted = resolved_ids(clusters)
    current = store.read_resolved_ids(graph)
    changes: dict[str, str | None] = {n: r for n, r in wanted.items() if current.get(n) != r}
    changes.update({n: None for n in current if n not in wanted})
    store.write_resolved_ids(graph, changes)
    return len(changes), len(clusters.groups())


@dataclass(frozen=True)
class SplitReport:
    removed: tuple[str, ...]  # partners whose SAME_AS link to the node was deleted
    kept_apart: tuple[str, ...]  # partners now under NOT_SAME_AS with the node
    new_splits: int


def split(graph: Graph, node: str, others: list[str], reason: str, by: str) -> SplitReport:
    """Undo SAME_AS between ``node`` and ``others`` (or all its links) and forbid re-linking them."""
    if not reason.strip():
        raise InvalidInput("A split needs a reason (who reads the decision later needs to know why).")
    others = sorted(set(others) - {node})
    found = store.find_nodes(graph, [node, *others])
    missing = [i for i in [node, *others] if i not in found]
    if missing:
        raise NotFound(f"No node with id {', '.join(map(repr, missing))}")
    wrong = [i for i in [node, *others] if found[i]["label"] not in RESOLVABLE]
    if wrong:
        raise InvalidInput(f"Only {', '.join(RESOLVABLE)} nodes are resolved; not {', '.join(wrong)}")
    removed = store.delete_same_as(graph, node, others)
    apart = sorted(set(others) | set(removed))
    rows = [_split_row(node, other) for other in apart]
    created = store.write_not_same_as(graph, rows, by=by, reason=reason)
    refresh_resolved_ids(graph)
    return SplitReport(tuple(sorted(removed)), tuple(apart), created)


def _split_row(node: str, other: str) -> dict[str, str]:
    source, target = sorted((node, other))
    return {"source": source, "target": target, "decisionId": f"split:{uuid.uuid4().hex[:16]}"}


@dataclass(frozen=True)
class Member:
    id: str
    label: str
    name: str | None
    dataset: str | None
    agency: str | None
    caveat: str | None


@dataclass(frozen=True)
class LinkDecision:
    type: str  # SAME_AS or NOT_SAME_AS
    source: str
    target: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class Explanation:
    node: str
    resolved_id: str | None
    members: tuple[Member, ...]
    decisions: tuple[LinkDecision, ...]


def explain(graph: Graph, node: str) -> Explanation:
    """The cluster of ``node`` in the everything view: each member and each SAME_AS / NOT_SAME_AS
    decision touching it (``resolved_id`` is the cluster's representative, over every link)."""
    found = store.find_nodes(graph, [node])
    if node not in found:
        raise NotFound(f"No node with id {node!r}")
    cluster = next((g for g in _clusters(store.read_links(graph)).groups() if node in g), {node})
    resolved = representative(cluster) if len(cluster) > 1 else None
    ids = sorted(cluster)
    rows = store.find_nodes(graph, ids)
    members = tuple(
        Member(i, rows[i]["label"], rows[i]["name"], rows[i]["dataset"], rows[i]["agency"], rows[i]["caveat"])
        for i in ids
    )
    decisions = tuple(
        sorted(
            (
                LinkDecision(r["type"], r["source"], r["target"], r["props"])
                for r in store.node_links(graph, ids)
            ),
            key=lambda d: (d.type, d.source, d.target, str(d.properties.get("decisionId"))),
        )
    )
    return Explanation(node, resolved, members, decisions)
