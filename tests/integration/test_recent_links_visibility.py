"""recent_links dates a link by the viewer's records (issue 14): a hidden record's earlier write of a
link must neither show its time nor decide the "last N days" filter."""

import datetime as dt

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.ingest.writer import GraphWriter
from chokepoint.investigations.catalog import load_catalog
from chokepoint.investigations.runner import run
from chokepoint.settings import PROJECT_ROOT

pytestmark = pytest.mark.neo4j

HIDDEN = Provenance(dataset="hsi-case", agency="HSI", caveat="LES")
PUBLIC = Provenance(dataset="public-list", agency="OFAC", caveat="PUBLIC")
RECENT = load_catalog(PROJECT_ROOT / "queries")["recent_links"]


def records():
    yield from (NodeRecord("Person", p, {"id": p, "name": p.upper()}) for p in ("a", "b"))
    a, b = NodeRef("Person", {"id": "a"}), NodeRef("Person", {"id": "b"})
    yield RelationshipRecord("ASSOCIATE_OF", a, b, "ab", {})


def backdate_first_writes(graph, days):
    """Move every stored time of the hidden writes (the link's firstSeenAt and its log's first
    statements) ``days`` into the past, as if the hidden file had been loaded then."""
    shift = days * 86_400 * 1_000_000
    graph.write(
        CypherQuery(
            "t",
            "MATCH ()-[r:ASSOCIATE_OF]->() SET r.firstSeenAt = r.firstSeenAt - duration({days: $days}), "
            "r.valueStatements = [s IN r.valueStatements | CASE WHEN s STARTS WITH 'HSI|LES' + $sep "
            "THEN reduce(t = '', p IN [parts IN [split(s, $sep)] | "
            "[parts[0], toString(toInteger(parts[1]) - $shift)] + parts[2..]][0] | "
            "t + CASE WHEN t = '' THEN '' ELSE $sep END + p) ELSE s END]",
        ),
        days=days,
        shift=shift,
        sep="\x1e",
    )


def test_a_link_first_written_by_a_hidden_record_is_dated_by_the_visible_one(graph, model):
    assert GraphWriter(graph, model, HIDDEN).write_all(records()).rejected == []
    assert GraphWriter(graph, model, PUBLIC).write_all(records()).rejected == []
    backdate_first_writes(graph, 40)
    now = dt.datetime.now(dt.UTC)

    everything = run(graph, RECENT, {"days": 30}, grants=["HSI|LES"])
    public = run(graph, RECENT, {"days": 30}, grants=[])
    assert everything == []  # for whoever sees the hidden record, the link is 40 days old
    [row] = public  # for a public viewer it was added just now, by the public list
    first_seen = row["firstSeenAt"].to_native()
    assert now - dt.timedelta(minutes=5) < first_seen <= now
    assert run(graph, RECENT, {"days": 60}, grants=["HSI|LES"])[0]["firstSeenAt"].to_native() < first_seen
