"""Identity resolution as services for the CLI, the API and the demo: run, split, explain.

A merge is a SAME_AS link between two nodes, never a physical merge, so every decision can be
explained (rule, score, records, explanation) and undone (``split``, which also records NOT_SAME_AS
so that no later run links the pair again, directly or through a third node). Members of a cluster
(connected over SAME_AS) carry ``resolvedId``: its OFAC node if it has one, else its smallest id.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from chokepoint.errors import InvalidInput, NotFound
from chokepoint.graph import Graph
from chokepoint.resolution import store
from chokepoint.resolution.blocking import Blocks, name_candidates
from chokepoint.resolution.clusters import Clusters, resolved_ids
from chokepoint.resolution.names import NormalName
from chokepoint.resolution.scoring import Assessment, Party, assess_names, strong_match
from chokepoint.schema.vocabulary import NODE_GROUPS

RESOLVABLE = NODE_GROUPS["resolvable"]
MAX_SHARED_HOLDERS = 10  # more parties on one phone/document than this is a switchboard, not a person


@dataclass
class RunReport:
    """What ``run`` did: new links per rule, and why the other candidates were not linked."""

    parties: int = 0
    linked: Counter[str] = field(default_factory=Counter)  # new SAME_AS per rule
    not_linked: Counter[str] = field(default_factory=Counter)  # candidates per reason
    name_candidates: int = 0
    skipped_blocks: int = 0
    skipped_groups: int = 0  # shared identifiers held by too many parties
    caveats_updated: int = 0
    resolved_ids_changed: int = 0
    clusters: int = 0


@dataclass(frozen=True)
class _Decision:
    a: Party
    b: Party
    assessment: Assessment

    def row(self) -> dict[str, Any]:
        source, target = sorted((self.a.id, self.b.id))
        digest = hashlib.sha256(f"{source}|{target}".encode()).hexdigest()[:16]
        return {
            "source": source,
            "target": target,
            "score": round(self.assessment.score, 4),
            "rule": self.assessment.rule,
            "records": sorted(set(self.a.records) | set(self.b.records)),
            "decisionId": f"same-as:{digest}",
            "explanation": self.assessment.explanation,
        }


def run(graph: Graph) -> RunReport:
    """Find and link every pair the rules decide, then refresh caveats and resolvedIds. Idempotent."""
    report = RunReport()
    parties = {party.id: party for party in store.read_parties(graph)}
    report.parties = len(parties)
    links = store.read_links(graph)
    clusters = _clusters(links)
    decisions = [*_strong_decisions(graph, parties, report), *_name_decisions(parties, report)]
    new: list[_Decision] = []
    for decision in decisions:
        a, b = decision.a.id, decision.b.id
        if clusters.find(a) == clusters.find(b):
            report.not_linked["already resolved"] += 1
        elif not clusters.link(a, b):
            report.not_linked["kept apart by a split"] += 1
        else:
            new.append(decision)
    store.write_same_as(graph, [d.row() for d in new])
    report.linked.update(d.assessment.rule for d in new)
    report.caveats_updated = store.refresh_link_caveats(graph)
    report.resolved_ids_changed, report.clusters = refresh_resolved_ids(graph)
    return report


def _clusters(links: Iterable[store.Link]) -> Clusters:
    """Clusters over existing SAME_AS links, strongest first, never joining a split pair."""
    links = list(links)
    clusters = Clusters((x.source, x.target) for x in links if x.type == "NOT_SAME_AS")
    same_as = [x for x in links if x.type == "SAME_AS"]
    for link in sorted(same_as, key=lambda x: (-(x.score or 0.0), x.source, x.target)):
        clusters.link(link.source, link.target)
    return clusters


def _strong_decisions(graph: Graph, parties: dict[str, Party], report: RunReport) -> list[_Decision]:
    """Each group sharing an identifier as a star: its smallest id linked to every other member."""
    out: list[_Decision] = []
    for group in store.read_strong_groups(graph):
        members = [parties[i] for i in group.ids if i in parties]
        if len(members) > MAX_SHARED_HOLDERS:
            report.skipped_groups += 1
            continue
        assessment = strong_match(group.identifier, group.value)
        out.extend(_Decision(members[0], other, assessment) for other in members[1:])
    return out


def _name_decisions(parties: dict[str, Party], report: RunReport) -> list[_Decision]:
    ordered = list(parties.values())
    blocks = name_candidates(ordered)
    report.name_candidates, report.skipped_blocks = len(blocks.pairs), blocks.skipped_blocks
    out: list[_Decision] = []
    for i, j in sorted(blocks.pairs):
        a, b = ordered[i], ordered[j]
        assessment = assess_names(a, b, _holders(blocks, a.label))
        if assessment.merge:
            out.append(_Decision(a, b, assessment))
        else:
            report.not_linked[assessment.rule] += 1
    return sorted(out, key=lambda d: -d.assessment.score)


def _holders(blocks: Blocks, label: str) -> Callable[[NormalName], int]:
    return lambda name: blocks.holders_of(label, name)


def refresh_resolved_ids(graph: Graph) -> tuple[int, int]:
    """Recompute every resolvedId from the SAME_AS links; returns (nodes changed, clusters)."""
    clusters = _clusters(store.read_links(graph))
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
    """The cluster of ``node``: each member and each SAME_AS / NOT_SAME_AS decision touching it."""
    found = store.find_nodes(graph, [node])
    if node not in found:
        raise NotFound(f"No node with id {node!r}")
    resolved = found[node]["resolvedId"]
    ids = sorted(set(store.cluster_members(graph, resolved)) | {node}) if resolved else [node]
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
            key=lambda d: (d.type, d.source, d.target),
        )
    )
    return Explanation(node, resolved, members, tuple(decisions))
