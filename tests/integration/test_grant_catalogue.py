"""The CLI's every-grant view is kept between runs and listed again as soon as a write comes."""

import pytest

from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.ingest.records import NodeRecord, Provenance
from chokepoint.ingest.writer import GraphWriter
from chokepoint.investigations.grant_catalogue import grants_present

pytestmark = pytest.mark.neo4j

KEPT = CypherQuery("kept grants", "MATCH (c:GraphState {key: 'grants'}) RETURN c.grants AS grants")


def write_person(graph, model, node_id, agency, caveat):
    provenance = Provenance(dataset="test-grants", agency=agency, caveat=caveat, synthetic=True)
    record = NodeRecord("Person", node_id, {"id": node_id, "name": f"Person {node_id}"})
    assert GraphWriter(graph, model, provenance).write_all([record]).rejected == []


def test_the_list_is_every_grant_in_the_graph_and_follows_each_write(graph, model):
    write_person(graph, model, "p1", "DEA", "LES")
    assert grants_present(graph) == ["DEA|LES"]
    assert graph.read(KEPT)[0]["grants"] == ["DEA|LES"]

    # Kept: while nothing is written, the kept list is what is answered (a planted one shows it).
    graph.write_derived(
        CypherQuery("plant", "MATCH (c:GraphState {key: 'grants'}) SET c.grants = ['PLANTED|LES']")
    )
    assert grants_present(graph) == ["PLANTED|LES"]

    # A write of a new grant moves the write count: the list is made again, with the new grant.
    write_person(graph, model, "p2", "HSI", "ORCON")
    assert grants_present(graph) == ["DEA|LES", "HSI|ORCON"]


def test_an_empty_graph_has_no_grants(graph):
    assert grants_present(graph) == []
    assert graph.read(load_query("grant_catalogue_state"))[0]["grants"] == []


def test_the_in_process_api_view_reads_the_same_kept_list(graph, model, neo4j_settings):
    """The CLI's in-process API commands (computed investigations, the plan) use the kept list too."""
    import asyncio

    from chokepoint import composition
    from chokepoint.graph.async_adapter import AsyncGraph
    from chokepoint.investigations.grant_catalogue import grants_present_async

    async def listed() -> list[str]:
        user, password = composition.credentials(neo4j_settings)
        connected = await AsyncGraph.connect(
            neo4j_settings.bolt_uri, user, password, neo4j_settings.neo4j_database
        )
        try:
            return await grants_present_async(connected)
        finally:
            await connected.close()

    write_person(graph, model, "p1", "DEA", "LES")
    assert asyncio.run(listed()) == ["DEA|LES"] == graph.read(KEPT)[0]["grants"]
    graph.write_derived(
        CypherQuery("plant", "MATCH (c:GraphState {key: 'grants'}) SET c.grants = ['PLANTED|LES']")
    )
    assert asyncio.run(listed()) == ["PLANTED|LES"] == grants_present(graph)
    write_person(graph, model, "p2", "HSI", "ORCON")
    assert asyncio.run(listed()) == ["DEA|LES", "HSI|ORCON"]
