"""Turn what a write newly asserted into alerts, watch by watch, each caveat-safe.

An alert names its watch, the triggering assertion and the elements that are its evidence. It is made
only when the watch's grants see every one of them; it stores, in ``requires``, the grant under which
each was seen, and is shown only to a reader holding them all (``alert_list.cypher``), so nothing in
it is more than the agency could have queried itself. A new assertion the watch's grants do not see
never fires its rule: when its owner opted into deconfliction for its caveat and it asserts the watched
entity itself, the watch gets a pointer to that owner instead (once per owner and caveat), and the
owner a deconfliction notice, as an answer giving that pointer would.

Rules are matched on values as the watch's agency sees them: a transfer's amount and asset are its
stored values when the agency holds every grant of it, else the replay of its visible writes
(:func:`chokepoint.values.shown.for_viewer`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chokepoint.alerts.rules import WatchRules
from chokepoint.alerts.triggers import AssertionLog, LinkAssertion
from chokepoint.alerts.watches import Watch
from chokepoint.deconfliction.notices import link_key
from chokepoint.deconfliction.pointers import Pointer, PointerRule
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.markings import SEPARATOR, visibility_of
from chokepoint.schema import DomainModel
from chokepoint.values.log import logged_by_kind
from chokepoint.values.shown import for_viewer

CHUNK = 500  # watches or links per evaluation query
REACH_CHUNK = 5_000  # frontier ids per breadth-first step
log = logging.getLogger("chokepoint.alerts")


@dataclass(frozen=True)
class Run:
    """One write whose new assertions are evaluated: its dataset, the marking every assertion of it
    carries (``AGENCY|CAVEAT``) and when it began (elements it wrote carry a later ``ingestedAt``)."""

    dataset: str
    marking: str
    since: dt.datetime

    @property
    def visibility(self) -> str:
        return visibility_of(self.marking)


@dataclass
class AlertDraft:
    """An alert before it is stored (stored once per key: its watch and triggering assertion)."""

    watch: Watch
    key: str
    summary: str
    entities: list[str] = field(default_factory=list)  # evidence, subject first
    links: list[dict[str, str]] = field(default_factory=list)  # {startId, type, endId}
    requires: set[str] = field(default_factory=set)
    record: str | None = None  # the triggering source record, dataset:record
    pointer: Pointer | None = None  # the owner a pointer alert names, and how to reach it

    def stored(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "id": f"alert-{uuid.uuid4()}",
            "props": {
                "watch": self.watch.id,
                "agency": self.watch.agency,
                "rule": self.watch.rule,
                "subject": self.watch.subject,
                "summary": self.summary,
                "entities": self.entities,
                "links": [link_key(link["startId"], link["type"], link["endId"]) for link in self.links],
                "requires": sorted(self.requires),
                "record": self.record,
                "pointer": self.pointer.agency if self.pointer else None,
                "pointerContact": json.dumps(_contact(self.pointer)) if self.pointer else None,
            },
        }


class Evaluator:
    """The active watches and the rules, applied to one write at a time."""

    def __init__(
        self,
        graph: Graph,
        model: DomainModel,
        rules: WatchRules,
        watches: Iterable[Watch],
        pointers: PointerRule | None = None,
    ) -> None:
        self._graph = graph
        self._rules = rules
        self._pointers = pointers if pointers is not None and pointers.enabled else None
        self._transfer_values = logged_by_kind(model).get("Transfer", {})
        self._by_subject: dict[str, list[Watch]] = defaultdict(list)
        for watch in watches:
            if watch.rule not in rules.rules:  # the rules file lost its rule since: it cannot fire
                log.warning("watch %s names the rule %r, no longer in the rules file", watch.id, watch.rule)
                continue
            self._by_subject[watch.subject].append(watch)

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(self._by_subject)

    def _evaluator(self, watch: Watch) -> str:
        return self._rules.rule(watch.rule).evaluator

    def _watches(self, evaluator: str) -> Iterator[Watch]:
        for watches in self._by_subject.values():
            yield from (w for w in watches if self._evaluator(w) == evaluator)

    def after_ingest(self, log: AssertionLog, run: Run) -> list[AlertDraft]:
        """The alerts an ingest's new assertions fire (before they are stored)."""
        drafts = self._pointer_alerts(log, run)
        drafts += self._link_alerts(log.links, run)
        if log.any_asserted:
            drafts += self._exposure_alerts(run, sorted(log.sanctioned))
        return drafts

    def after_resolution(self, since: dt.datetime) -> list[AlertDraft]:
        """The alerts of identity decisions made since ``since`` (``chokepoint resolve``)."""
        watches = list(self._watches("decision"))
        drafts: list[AlertDraft] = []
        by_id = {w.id: w for w in watches}
        for chunk in _chunks([_watch_parameter(w) for w in watches]):
            for row in self._graph.read(load_query("alert_decisions"), watches=chunk, since=since):
                watch = by_id[row["watch"]]
                drafts.append(
                    AlertDraft(
                        watch=watch,
                        key=f"{watch.id}|SAME_AS|{row['decision']}",
                        summary=(
                            f"{watch.subject} decided the same as {row['other']} "
                            f"({row['rule']}, score {row['score']:.2f})"
                        ),
                        entities=[watch.subject, row["other"]],
                        links=[{"startId": row["startId"], "type": "SAME_AS", "endId": row["endId"]}],
                        requires={
                            watch.seen_as(row["subjectMarkings"]),
                            watch.seen_as(row["markings"]),
                            watch.seen_as(row["otherMarkings"]),
                        },
                    )
                )
        return drafts

    def _pointer_alerts(self, log: AssertionLog, run: Run) -> list[AlertDraft]:
        if self._pointers is None or not log.nodes:
            return []
        owner, _, caveat = run.marking.rpartition(SEPARATOR)
        ids = sorted({assertion.id for assertion in log.nodes})
        markings = {
            row["id"]: row["markings"] for row in self._graph.read(load_query("alert_markings"), ids=ids)
        }
        drafts = []
        for subject in ids:
            for watch in self._by_subject[subject]:
                if run.visibility in watch.grants or not watch.sees(markings.get(subject)):
                    continue
                viewer = self._pointers.for_viewer(watch.agency, watch.grants)
                hidden = {"sourceRecordsMarking": run.marking, "sourceRecords": ["(hidden)"]}
                for pointer in viewer.of(hidden) if viewer is not None else ():
                    drafts.append(
                        AlertDraft(
                            watch=watch,
                            key=f"{watch.id}|pointer|{owner}|{caveat}",
                            summary=(
                                f"{pointer.agency} holds records on {subject} you cannot see; "
                                f"deconflict with {pointer.as_text()}"
                            ),
                            entities=[subject],
                            requires={watch.seen_as(markings[subject])},
                            pointer=pointer,
                        )
                    )
        return drafts

    def _link_alerts(self, links: list[LinkAssertion], run: Run) -> list[AlertDraft]:
        if not links:
            return []
        interested = [
            link
            for link in links
            if any(
                run.visibility in w.grants and self._evaluator(w) in ("link", "transfer")
                for w in self._by_subject[link.source] + self._by_subject[link.target]
            )
        ]
        drafts: list[AlertDraft] = []
        parameters = [{**link.parameter(), "n": n} for n, link in enumerate(interested)]
        for chunk in _chunks(parameters):
            for row in self._graph.read(load_query("alert_link_context"), links=chunk):
                link = interested[row["n"]]
                drafts.extend(self._on_link(link, row, run))
        return drafts

    def _on_link(self, link: LinkAssertion, row: dict[str, Any], run: Run) -> Iterator[AlertDraft]:
        ends = (
            (link.source, link.target, row["sourceMarkings"], row["targetLabels"], row["targetMarkings"]),
            (link.target, link.source, row["targetMarkings"], row["sourceLabels"], row["sourceMarkings"]),
        )
        edge = {"startId": link.source, "type": link.type, "endId": link.target}
        for subject, other, subject_marks, other_labels, other_marks in ends:
            for watch in self._by_subject.get(subject, ()):
                if run.visibility not in watch.grants:
                    continue  # never fires on what it cannot see (pointers come from node assertions)
                if not (watch.sees(subject_marks) and watch.sees(other_marks)):
                    continue
                evaluator = self._evaluator(watch)
                base = AlertDraft(
                    watch=watch,
                    key=f"{watch.id}|{link_key(link.source, link.type, link.target)}"
                    f"|{_identity(link)}|{run.dataset}:{link.record}",
                    summary="",
                    entities=[subject, other],
                    links=[edge],
                    requires={run.visibility, watch.seen_as(subject_marks), watch.seen_as(other_marks)},
                    record=f"{run.dataset}:{link.record}",
                )
                if evaluator == "link" and _link_matches(watch, link.type, other_labels):
                    kind = "/".join(other_labels)
                    base.summary = f"new {link.type} link between {subject} and {other} ({kind})"
                    yield base
                elif evaluator == "transfer" and subject == link.target and link.type == "RECEIVED":
                    summary = self._transfer_summary(watch, row.get("transfer"))
                    if summary is not None:
                        base.summary = f"{summary} received by {subject}"
                        yield base

    def _transfer_summary(self, watch: Watch, stored: dict[str, Any] | None) -> str | None:
        """``AMOUNT ASSET`` when the transfer, as the watch's agency sees it, meets the watch."""
        if stored is None:
            return None
        shown = for_viewer(stored, watch.grants, self._transfer_values)
        asset, amount = shown.get("asset"), shown.get("amount")
        wanted = watch.parameters.get("asset")
        if asset is None or amount is None or (wanted is not None and str(asset) != wanted):
            return None
        if Decimal(str(amount)) < Decimal(str(watch.parameters.get("minAmount", 0))):
            return None
        return f"{Decimal(str(amount)):,} {asset} in tx {shown.get('txHash')}"

    def _exposure_alerts(self, run: Run, sanctioned: list[str]) -> list[AlertDraft]:
        """Each distinct search once (watches of one agency on one subject with the same parameters
        share it). One breadth-first walk from all the sanctioned parties a set of grants sees, level by
        level, finds every subject within reach and, walking back, a nearest party and path; a path
        that is new (a link this write stamped, or a party it marked sanctioned or designated) is the
        alert. Only for subjects whose nearest path is old is a path through a new link searched for
        (the whole-path predicate, which cannot prune)."""
        searches: dict[tuple[object, ...], list[Watch]] = defaultdict(list)
        for watch in self._watches("exposure"):
            if run.visibility in watch.grants:
                searches[_search_key(watch)].append(watch)
        keys = list(searches)
        parameters = [{**_search_parameter(searches[key][0]), "n": n} for n, key in enumerate(keys)]
        found, stale = self._nearest(parameters, run, set(sanctioned))
        for chunk in _chunks(stale):
            exact = load_query("alert_exposure")
            found += self._graph.read(exact, searches=chunk, since=run.since, sanctioned=sanctioned)
        return [_exposure_draft(watch, row, run) for row in found for watch in searches[keys[row["n"]]]]

    def _nearest(
        self, searches: list[dict[str, Any]], run: Run, sanctioned: set[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(rows of searches whose nearest path is new, searches whose nearest path is old)."""
        groups: dict[tuple[object, ...], list[dict[str, Any]]] = defaultdict(list)
        for search in searches:
            groups[(tuple(search["grants"]), tuple(search["types"]), search["maxHops"])].append(search)
        members = list(groups.values())
        asked = [{"n": n, "grants": group[0]["grants"]} for n, group in enumerate(members)]
        found: list[dict[str, Any]] = []
        stale: list[dict[str, Any]] = []
        rows = (
            self._graph.read(load_query("alert_sanctioned_parties"), groups=asked, since=run.since)
            if asked
            else []
        )
        for row in rows:
            group = members[row["n"]]
            if not row["parties"]:
                continue
            walk = self._walk(row["parties"], group[0]["grants"], group[0]["types"], group[0]["maxHops"], run)
            old_paths: list[dict[str, Any]] = []
            for search in group:
                path = walk.path(search["subject"])
                if path is None:
                    continue
                nodes, links = path
                party = nodes[-1]
                fresh = any(link["fresh"] for link in links) or party["id"] in sanctioned
                if fresh or party.get("designatedSince"):
                    nearest = {"n": search["n"], "party": party["id"], "hops": len(links)}
                    found.append({**nearest, "nodes": nodes, "links": links})
                else:
                    old_paths.append(search)
            if old_paths and walk.fresh_ends:  # a new path crosses a new link: only subjects near one
                near = self._walk(
                    [{"id": end} for end in sorted(walk.fresh_ends)],
                    group[0]["grants"],
                    group[0]["types"],
                    group[0]["maxHops"] - 1,
                    run,
                ).reached
                stale += [search for search in old_paths if search["subject"] in near]
        return found, stale

    def _walk(
        self, parties: list[dict[str, Any]], grants: list[str], types: list[str], hops: int, run: Run
    ) -> Walk:
        """A breadth-first walk from ``parties`` up to ``hops`` over ``types``, as ``grants`` see it."""
        walk = Walk({party["id"]: party for party in parties})
        frontier = sorted(walk.reached)
        for _ in range(hops):
            if not frontier:
                break
            step: list[dict[str, Any]] = []
            for start in range(0, len(frontier), REACH_CHUNK):
                step += self._graph.read(
                    load_query("alert_neighbours"),
                    frontier=frontier[start : start + REACH_CHUNK],
                    types=types,
                    grants=grants,
                    since=run.since,
                )
            frontier = sorted(walk.add(step))
        return walk


class Walk:
    """The nodes a breadth-first walk reached, each with the link back towards its nearest source."""

    def __init__(self, sources: dict[str, dict[str, Any]]) -> None:
        self.reached: dict[str, dict[str, Any]] = dict(sources)
        self._back: dict[str, dict[str, Any]] = {}
        # The far ends of new links met short of the last level: a new path to a source within the
        # walk's depth crosses one of them (none: no new path exists at all).
        self.fresh_ends: set[str] = set()

    def add(self, rows: list[dict[str, Any]]) -> list[str]:
        """One level's rows (``alert_neighbours.cypher``); the ids new at this level."""
        new: list[str] = []
        for row in rows:
            node = str(row["id"])
            if row["link"]["fresh"]:
                self.fresh_ends.add(node)
            if node in self.reached:
                continue
            self.reached[node] = {"id": node, "labels": row["labels"], "markings": row["markings"]}
            self._back[node] = row["link"]
            new.append(node)
        return new

    def path(self, subject: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
        """(nodes from ``subject`` to its source, the links between them); None when not reached."""
        if subject not in self.reached or subject not in self._back:
            return None
        nodes, links = [self.reached[subject]], []
        current = subject
        while current in self._back:
            link = self._back[current]
            links.append(link)
            current = str(link["parent"])
            nodes.append(self.reached[current])
        return nodes, links


def _exposure_draft(watch: Watch, row: dict[str, Any], run: Run) -> AlertDraft:
    elements = [*row["nodes"], *row["links"]]
    return AlertDraft(
        watch=watch,
        key=f"{watch.id}|exposure|{row['party']}|{run.dataset}|{run.since.isoformat()}",
        summary=(
            f"{watch.subject} is {row['hops']} hop(s) from sanctioned {row['party']} through newly "
            "written records"
        ),
        entities=[node["id"] for node in row["nodes"]],
        links=[
            {"startId": link["startId"], "type": link["type"], "endId": link["endId"]}
            for link in row["links"]
        ],
        requires={run.visibility} | {watch.seen_as(e["markings"]) for e in elements},
    )


def _search_key(watch: Watch) -> tuple[object, ...]:
    search = _search_parameter(watch)
    return (search["subject"], tuple(search["grants"]), tuple(search["types"]), search["maxHops"])


def _contact(pointer: Pointer) -> dict[str, str | None]:
    return {"desk": pointer.desk, "phone": pointer.phone, "email": pointer.email}


def _link_matches(watch: Watch, rel_type: str, other_labels: list[str]) -> bool:
    types = watch.parameters.get("types")
    labels = watch.parameters.get("labels")
    if types is not None and rel_type not in types:
        return False
    return labels is None or bool(set(labels) & set(other_labels))


def _identity(link: LinkAssertion) -> str:
    return ",".join(f"{key}={value}" for key, value in link.identity)


def _watch_parameter(watch: Watch) -> dict[str, Any]:
    return {"id": watch.id, "subject": watch.subject, "grants": sorted(watch.grants)}


def _search_parameter(watch: Watch) -> dict[str, Any]:
    return {
        "subject": watch.subject,
        "grants": sorted(watch.grants),
        "types": sorted(watch.parameters.get("types", [])),
        "maxHops": watch.parameters.get("maxHops", 0),
    }


def _chunks(items: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
