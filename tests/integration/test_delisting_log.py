"""An OFAC list's delisting is a write outside the MERGE template: on a designation that another
grant also asserts, it must reach the value log, or a viewer of the list alone would replay the
entry as still active (issue 14)."""

import datetime as dt

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.ingest.ofac_advanced import DATASET, mark_delisted
from chokepoint.ingest.records import NodeRecord, Provenance
from chokepoint.ingest.writer import GraphWriter
from chokepoint.values.log import logged_properties
from chokepoint.values.shown import for_viewer

pytestmark = pytest.mark.neo4j

ENTRY = {
    "id": "designation:SDN:1",
    "listName": "SDN",
    "entryId": "1",
    "programs": ["SDNTK"],
    "status": "active",
}
PUBLIC_VIEW = frozenset({"PUBLIC"})


def designation(**extra):
    return NodeRecord("Designation", "1", {**ENTRY, **extra})


def stored(graph):
    query = CypherQuery("t", "MATCH (d:Designation {id: $id}) RETURN properties(d) AS props")
    return graph.read(query, id=ENTRY["id"])[0]["props"]


def write(graph, model, provenance, record):
    assert GraphWriter(graph, model, provenance).write_all([record]).rejected == []


def test_a_delisting_on_a_shared_designation_is_replayed_for_the_list_viewer(graph, model):
    ofac = Provenance(dataset=DATASET, agency="OFAC", caveat="PUBLIC", published=dt.date(2025, 1, 1))
    write(graph, model, ofac, designation(lastSeen=dt.date(2025, 1, 1)))
    write(graph, model, Provenance(dataset="dea-notes", agency="DEA", caveat="LES"), designation())

    mark_delisted(graph, DATASET, dt.date(2025, 6, 1))

    props = stored(graph)
    assert props["status"] == "delisted"
    spec = model.node("Designation")
    shown = for_viewer(props, PUBLIC_VIEW, logged_properties(spec.properties, spec.identity))
    assert shown["status"] == "delisted"  # without the logged statement, the replay says "active"
    assert shown["programs"] == ["SDNTK"]


def test_a_designation_of_one_grant_is_delisted_without_a_log(graph, model):
    ofac = Provenance(dataset=DATASET, agency="OFAC", caveat="PUBLIC", published=dt.date(2025, 1, 1))
    write(graph, model, ofac, designation(lastSeen=dt.date(2025, 1, 1)))

    mark_delisted(graph, DATASET, dt.date(2025, 6, 1))

    props = stored(graph)
    assert props["status"] == "delisted" and "valueStatements" not in props
