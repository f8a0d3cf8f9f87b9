"""Ingest and resolve with the watches listening: each write's new assertions become alerts.

The watches are read once before the write; the writer tells the :class:`AssertionLog` what each
batch newly asserted on a watched entity; once the write is done, the evaluator turns those (and, for
exposure watches, the paths through what the write stamped) into alerts, stored once each. With no
active watch, the write runs exactly as without this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from chokepoint.alerts.evaluate import AlertDraft, Evaluator, Run
from chokepoint.alerts.persistence import active_watches, save_alerts
from chokepoint.alerts.rules import rules_of
from chokepoint.alerts.triggers import AssertionLog
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.errors import ChokepointError
from chokepoint.graph import Graph
from chokepoint.ingest.service import SILENT, IngestObserver, ingest_source
from chokepoint.ingest.source import ParsedSource
from chokepoint.ingest.writer import IngestReport
from chokepoint.markings import marking
from chokepoint.schema import DomainModel


@dataclass
class WatchedIngest:
    """An ingest's report and the alerts it fired (new ones only); ``failure`` says why the watches
    could not be evaluated after the write (which stands: its records are loaded)."""

    report: IngestReport
    alerts: list[AlertDraft] = field(default_factory=list)
    failure: str | None = None


def ingest_watched(
    graph: Graph,
    model: DomainModel,
    source: ParsedSource,
    rejects_path: Path,
    observer: IngestObserver = SILENT,
    pointers: PointerRule | None = None,
) -> WatchedIngest:
    """:func:`chokepoint.ingest.service.ingest_source`, then the alerts its new assertions fire."""
    watches = active_watches(graph)
    if not watches:
        return WatchedIngest(ingest_source(graph, model, source, rejects_path, observer))
    evaluator = Evaluator(graph, model, rules_of(model), watches, pointers)
    log = AssertionLog(model, evaluator.watched)
    since = dt.datetime.now(dt.UTC)
    report = ingest_source(graph, model, source, rejects_path, observer, log)
    provenance = source.provenance
    run = Run(provenance.dataset, marking(provenance.agency, provenance.caveat), since)
    try:
        return WatchedIngest(report, save_alerts(graph, evaluator.after_ingest(log, run), pointers))
    except ChokepointError as exc:  # the database went away after the write: say so, keep the report
        return WatchedIngest(report, failure=f"the watches were not evaluated after this load: {exc}")


def alerts_after_resolution(graph: Graph, model: DomainModel, since: dt.datetime) -> list[AlertDraft]:
    """The identity decisions made since ``since`` that watches asked about, stored as alerts."""
    watches = active_watches(graph)
    if not watches:
        return []
    evaluator = Evaluator(graph, model, rules_of(model), watches)
    return save_alerts(graph, evaluator.after_resolution(since))
