"""Merge decisions as one visibility class sees the graph: pure, no I/O.

A :class:`ViewResolver` holds what one :class:`~chokepoint.resolution.evidence.View` sees: the
parties one of whose records it sees, the shared identifiers whose document or phone node and whose
links to the parties it sees, and its own name blocks (so a name-only merge's "no namesake" counts
only the namesakes it sees). :func:`resolve_view` decides in that view alone: strong identifiers
first (each group as a star from its smallest id, groups in the order of their identifier and
value), then names by descending score (ties by pair), never joining
what is already joined (the seeds, and the view's own earlier decisions) nor a split pair. A pair is
always decided the same way (:meth:`ViewResolver.decide`), so a second run on the same records
makes the same decisions.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from chokepoint.markings import PUBLIC, SEPARATOR, visibility_of
from chokepoint.resolution.blocking import NAME_LABELS, Blocks, name_candidates
from chokepoint.resolution.clusters import Clusters
from chokepoint.resolution.evidence import Assertions, View
from chokepoint.resolution.names import NormalName, best_similarity
from chokepoint.resolution.party_values import Specs, in_view
from chokepoint.resolution.scoring import (
    STRONG_IDENTIFIERS,
    Assessment,
    Party,
    Similar,
    assess_names,
    strong_match,
)

MAX_SHARED_HOLDERS = 10  # more parties on one phone/document than this is a switchboard, not a person
DATASET = "chokepoint-resolution"

Pair = tuple[str, str]


@dataclass(frozen=True)
class StrongGroup:
    """Parties of one type sharing one strong identifier value, with the evidence beyond the parties
    themselves: ``anchor``, the shared document or phone node (None for an identifier that is a
    property of the parties, whose evidence is the parties), and ``links``, each member's
    relationship to it (in ``ids`` order; only when there is an anchor)."""

    identifier: str
    label: str
    value: str
    ids: tuple[str, ...]
    anchor: Assertions | None = None
    links: tuple[Assertions, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A merge decided in ``view`` on ``evidence`` (the assertions it rests on, all in the view)."""

    a: Party
    b: Party
    assessment: Assessment
    view: View
    evidence: Assertions

    @property
    def pair(self) -> Pair:
        source, target = sorted((self.a.id, self.b.id))
        return source, target

    @property
    def decision_id(self) -> str:
        """One per pair and view (PUBLIC's keeps the pair-only form of decisions made before views)."""
        source, target = self.pair
        key = f"{source}|{target}" if self.view.key == PUBLIC else f"{source}|{target}|{self.view.key}"
        return f"same-as:{hashlib.sha256(key.encode()).hexdigest()[:16]}"

    def row(self) -> dict[str, Any]:
        """The SAME_AS relationship's row: its ends, its decision id and its properties."""
        source, target = self.pair
        decision_id = self.decision_id
        mark = self.view.decision_marking(self.evidence)
        agency, _, caveat = mark.rpartition(SEPARATOR)
        props = {
            "score": round(self.assessment.score, 4),
            "rule": self.assessment.rule,
            "records": sorted({record for record, _ in self.evidence}),
            "explanation": self.assessment.explanation,
            "sourceDataset": DATASET,
            "sourceRecordId": decision_id,
            "sourceRecords": [f"{DATASET}:{decision_id}"],
            "sourceRecordMarkings": [mark],
            "markings": [visibility_of(mark)],
            "agency": agency,
            "caveat": caveat,
        }
        return {"source": source, "target": target, "decisionId": decision_id, "props": props}


class ViewResolver:
    """What one view sees of the parties and their shared identifiers, and its decisions."""

    def __init__(
        self,
        view: View,
        parties: Iterable[Party],
        groups: Iterable[StrongGroup],
        similarities: dict[Pair, Similar] | None = None,
        seeds: Sequence[View] = (),
        specs: Specs | None = None,
    ) -> None:
        self.view = view
        # names score alike in every view, unless a shared party's names differ by view (its value log)
        self._similarities = {} if similarities is None else similarities
        self.parties = {
            party.id: in_view(party, view.grants, specs or {})
            for party in parties
            if view.sees(party.assertions)
        }
        self.groups: list[tuple[StrongGroup, dict[str, Assertions]]] = []
        self.skipped_groups = 0
        self._groups_of: dict[str, list[int]] = defaultdict(list)
        for group in sorted(groups, key=_group_order):
            members = self._members(group)
            if len(members) < 2:
                continue
            if len(members) > MAX_SHARED_HOLDERS:
                self.skipped_groups += 1
                continue
            for member in members:
                self._groups_of[member].append(len(self.groups))
            self.groups.append((group, members))
        self._ordered = list(self.parties.values())
        # Two parties a seed view sees both of were compared there: what their names decide here
        # (with as many namesakes or more) it decided, and its decisions are this view's seeds.
        # A shared party may show a seed view other values than this one: compare it again.
        compared = [
            0 if p.value_log else sum(1 << k for k, seed in enumerate(seeds) if seed.sees(p.assertions))
            for p in self._ordered
        ]
        self.blocks = name_candidates(self._ordered, compared if seeds else None)

    def _members(self, group: StrongGroup) -> dict[str, Assertions]:
        """The group's members in this view, each with its visible link to the anchor (if any)."""
        view = self.view
        if group.anchor is None:
            return {member: () for member in group.ids if member in self.parties}
        if not view.sees(group.anchor):
            return {}
        return {
            member: view.visible(link)
            for member, link in zip(group.ids, group.links, strict=True)
            if member in self.parties and view.sees(link)
        }

    def decide(self, a_id: str, b_id: str) -> Decision | Assessment | None:
        """The decision on a pair in this view: a shared strong identifier (the first group holding
        both), else their names; the assessment when the names do not merge, None when one is not
        in the view or names are not compared."""
        a, b = self.parties.get(a_id), self.parties.get(b_id)
        if a is None or b is None:
            return None
        view = self.view
        shared = sorted(set(self._groups_of.get(a_id, ())) & set(self._groups_of.get(b_id, ())))
        if shared:
            group, members = self.groups[shared[0]]
            pieces = (a.assertions, b.assertions, group.anchor or (), members[a_id], members[b_id])
            evidence = tuple(dict.fromkeys(x for piece in pieces for x in view.visible(piece)))
            return Decision(a, b, strong_match(group.identifier, group.value), view, evidence)
        if a.label not in NAME_LABELS or b.label not in NAME_LABELS:
            return None
        pair = (a_id, b_id) if a_id < b_id else (b_id, a_id)
        if a.value_log or b.value_log:
            similar = best_similarity(a.normal_names, b.normal_names)
        else:
            similar = self._similarities.get(pair) or best_similarity(a.normal_names, b.normal_names)
            self._similarities[pair] = similar
        assessment = assess_names(a, b, _holders(self.blocks, a.label), similar)
        if not assessment.merge:
            return assessment
        evidence = tuple(dict.fromkeys((*view.visible(a.assertions), *view.visible(b.assertions))))
        return Decision(a, b, assessment, view, evidence)

    def candidates(self, reasons: dict[Pair, str]) -> Iterator[Decision]:
        """Every decision of the view in order: each group as a star, then names by score."""
        for _, members in self.groups:
            ids = sorted(members)
            for other in ids[1:]:
                decision = self.decide(ids[0], other)
                if isinstance(decision, Decision):
                    yield decision
        by_name: list[Decision] = []
        for i, j in sorted(self.blocks.pairs):
            decision = self.decide(self._ordered[i].id, self._ordered[j].id)
            if isinstance(decision, Decision):
                by_name.append(decision)
            elif decision is not None:
                a, b = self._ordered[i].id, self._ordered[j].id
                reasons[(a, b) if a < b else (b, a)] = decision.rule
        yield from sorted(by_name, key=lambda d: (-d.assessment.score, d.pair))


def resolve_view(
    resolver: ViewResolver,
    seeds: Iterable[Pair],
    existing: Iterable[Pair],
    splits: Iterable[Pair],
    reasons: dict[Pair, str],
) -> dict[Pair, Decision]:
    """The view's decisions: its ``existing`` pairs first (kept while the view still decides them),
    then its candidates, each joining two clusters not yet joined by ``seeds`` (links decided by a
    view every viewer of this one sees) or by an earlier decision, and never a split pair. Why a
    candidate was not linked goes to ``reasons``."""
    clusters = Clusters(splits)
    for a, b in seeds:
        clusters.link(a, b)
    out: dict[Pair, Decision] = {}

    def consider(decision: Decision) -> None:
        a, b = decision.pair
        if clusters.find(a) == clusters.find(b):
            reasons[decision.pair] = "already resolved"
        elif not clusters.link(a, b):
            reasons[decision.pair] = "kept apart by a split"
        else:
            out[decision.pair] = decision

    for a, b in existing:
        decision = resolver.decide(a, b)
        if isinstance(decision, Decision):
            consider(decision)
    for decision in resolver.candidates(reasons):
        consider(decision)
    return out


def _group_order(group: StrongGroup) -> tuple[int, str, str]:
    """The order stars are drawn in, from the groups' own content: the order the database returns
    them in differs between two builds of the same records (and from run to run), and a group whose
    members an earlier star already joined adds fewer links."""
    return (list(STRONG_IDENTIFIERS).index(group.identifier), group.label, group.value)


def _holders(blocks: Blocks, label: str) -> Callable[[NormalName], int]:
    return lambda name: blocks.holders_of(label, name)
