"""recent_links dates a link by the viewer's records (issue 14): a hidden record's earlier write of a
link must neither show its time nor decide the "last N days" filter."""

import datetime as dt
import json

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.ingest.writer import GraphWriter
from chokepoint.investigations.catalog import load_catalog
from chokepoint.investigations.runner import run
from chokepoint.settings import PROJECT_ROOT
from tests.integration.conftest import load

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


TRANSFER = {
    "chain": "ethereum",
    "txHash": "0x" + "ab" * 32,
    "index": 0,
    "from": "0x" + "01" * 20,
    "to": "0x" + "02" * 20,
    "asset": "ETH",
    "amount": 1.5,
    "timestamp": "2026-03-01T10:00:00Z",
}
TIMES = CypherQuery(
    "t",
    "MATCH ()-[r:SENT_FUNDS_TO]->() MATCH (t:Transfer) RETURN r.firstSeenAt AS link, "
    "[s IN t.valueStatements WHERE s STARTS WITH 'PUBLIC' | toInteger(split(s, $sep)[1])][0] AS publicWrite",
)


def ledger(folder, agency, caveat):
    path = folder / f"{agency}.json"
    document = {
        "format": "wallet-ledger",
        "version": 1,
        "dataset": f"ledger-{agency.lower()}",
        "agency": agency,
        "caveat": caveat,
        "synthetic": True,
        "records": [TRANSFER],
    }
    path.write_text(json.dumps(document))
    return path


def test_a_ledger_link_is_dated_by_the_first_transfer_the_viewer_sees(graph, tmp_path):
    """A SENT_FUNDS_TO link (totals, no value log) a hidden ledger created first: a public viewer
    dates it by the public ledger's write of the transfer, not by the hidden ledger's."""
    for agency, caveat in (("HSI", "LES"), ("OFAC", "PUBLIC")):
        [report] = load(graph, "wallet-ledger", ledger(tmp_path, agency, caveat), tmp_path)
        assert report.rejected == []
    [stored] = graph.read(TIMES, sep="\x1e")
    public_write = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=stored["publicWrite"])

    shown = [row for row in run(graph, RECENT, {"days": 30}, grants=[]) if row["type"] == "SENT_FUNDS_TO"]
    assert [row["firstSeenAt"].to_native() for row in shown] == [public_write]
    assert stored["link"].to_native() < public_write  # stored: the hidden ledger's, shown to HSI
    hsi = run(graph, RECENT, {"days": 30}, grants=["HSI|LES"])
    assert [row["firstSeenAt"] for row in hsi if row["type"] == "SENT_FUNDS_TO"] == [stored["link"]]


def related(relation: str):
    a, b = NodeRef("Person", {"id": "a"}), NodeRef("Person", {"id": "b"})
    yield from (NodeRecord("Person", p, {"id": p, "name": p.upper()}) for p in ("a", "b"))
    yield RelationshipRecord("ASSOCIATE_OF", a, b, "ab", {"relation": relation})


FIRST_AND_LAST = CypherQuery(
    "t", "MATCH ()-[r:ASSOCIATE_OF]->() RETURN r.firstSeenAt AS first, r.ingestedAt AS last"
)


def test_a_link_rewritten_before_another_grant_joined_keeps_its_first_write(graph, model):
    """The first grant's records wrote the link, then changed it (its last write is later than its
    first); when a second grant joins, the log's seed keeps both times: the first grant's viewers
    date the link by its first write, as a graph of their records alone would."""
    assert GraphWriter(graph, model, PUBLIC).write_all(related("partner")).rejected == []
    assert GraphWriter(graph, model, PUBLIC).write_all(related("courier")).rejected == []
    [before] = graph.read(FIRST_AND_LAST)
    assert before["first"] < before["last"]
    assert GraphWriter(graph, model, HIDDEN).write_all(related("courier")).rejected == []

    [public] = run(graph, RECENT, {"days": 30}, grants=[])  # the public records' view, from the log
    assert public["firstSeenAt"] == before["first"]
