"""Identity resolution compares each class's own values: a name that only a restricted record gave a
public party never makes a public link (the value log, chokepoint/values/log.py)."""

from __future__ import annotations

import json

import pytest

from chokepoint.graph.queries import CypherQuery
from chokepoint.resolution import service
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j

BORN = ["1970-01-01"]
FILES = {
    "ofac": {
        "provenance": {"dataset": "ofac-v", "agency": "OFAC", "caveat": "PUBLIC"},
        "nodes": [
            {
                "label": "Person",
                "record": "1",
                "props": {"id": "ofac:1", "name": "JUAN PEREZ GOMEZ", "birthDates": BORN},
            },
            {
                "label": "Person",
                "record": "2",
                "props": {"id": "ofac:2", "name": "MARIA LOPEZ RUIZ", "birthDates": BORN},
            },
        ],
    },
    "dea": {  # DEA's debrief names the second person as the first one: only DEA may act on that
        "provenance": {"dataset": "dea-v", "agency": "DEA", "caveat": "LES"},
        "nodes": [{"label": "Person", "record": "d1", "props": {"id": "ofac:2", "name": "JUAN PEREZ GOMEZ"}}],
    },
}
LINKS = CypherQuery(
    "links",
    "MATCH (:Person {id: 'ofac:1'})-[x:SAME_AS]-(:Person {id: 'ofac:2'}) RETURN x.markings AS markings",
)


def test_a_name_only_a_restricted_record_gave_links_only_for_its_grant(graph, model, tmp_path):
    for name, document in FILES.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document))
        load(graph, "records", path, tmp_path)
    stored = graph.read(CypherQuery("name", "MATCH (n {id: 'ofac:2'}) RETURN n.name AS name"))
    assert stored == [{"name": "JUAN PEREZ GOMEZ"}]  # the everything view holds DEA's name
    service.run(graph, model)
    assert [row["markings"] for row in graph.read(LINKS)] == [["DEA|LES"]]
