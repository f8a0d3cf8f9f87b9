"""Bulk-import pieces without a database: headers from the schema, value text, the in-memory MERGE."""

from __future__ import annotations

import datetime as dt

import pytest

from chokepoint.ingest.bulk_csv import (
    ARRAY_DELIMITER,
    IMPORT_TYPES,
    import_cell,
    node_header,
    relationship_header,
)
from chokepoint.ingest.bulk_merge import BulkGraph
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.schema.specs import PropertyType
from chokepoint.server.bulk_import import parse_summary, tool_error_lines

OLD = Provenance("list-a", "OFAC", "PUBLIC", published=dt.date(2024, 1, 1))
NEW = Provenance("list-b", "OFAC", "PUBLIC", published=dt.date(2025, 1, 1))


def test_every_schema_type_has_an_import_type():
    assert set(IMPORT_TYPES) == set(PropertyType.__args__)  # type: ignore[attr-defined]


def test_node_header_declares_id_space_and_typed_properties(model):
    header = node_header(model, "Person")
    assert header[0] == "id:ID(Entity)"
    assert {"name:string", "aliases:string[]", "ofacUid:long", "sourceRecords:string[]"} <= set(header)
    assert {"ingestedAt:datetime", "sourcePublished:date", "synthetic:boolean"} <= set(header)
    assert len(header) == len(model.node_properties("Person"))


def test_relationship_header_starts_with_both_ends(model):
    header = relationship_header(model, "SENT_FUNDS_TO")
    assert header[:2] == [":START_ID(Entity)", ":END_ID(Entity)"]
    assert len(header) == 2 + len(model.relationship_properties("SENT_FUNDS_TO"))


def test_values_become_import_text():
    stamp = dt.datetime(2025, 3, 4, 5, 6, 7, 8000, tzinfo=dt.UTC)
    assert import_cell(stamp, "t") == "2025-03-04T05:06:07.008000+00:00"
    assert import_cell(dt.date(2024, 1, 2), "d") == "2024-01-02"
    assert import_cell(True, "b") == "true"
    assert import_cell(0.1, "f") == "0.1"
    assert import_cell(["a;b", "c"], "l") == f"a;b{ARRAY_DELIMITER}c"
    assert import_cell(None, "x") is None


def test_a_list_item_holding_the_delimiter_is_refused():
    with pytest.raises(Exception, match="U\\+001F"):
        import_cell([f"a{ARRAY_DELIMITER}b"], "aliases")


def person(record: str, **props: object) -> NodeRecord:
    return NodeRecord("Person", record, {"id": "ofac:1", "name": "A", **props})


def test_records_of_one_node_fold_by_the_merge_rules(model):
    bulk = BulkGraph(model)
    assert bulk.add_records(NEW, [person("r1", aliases=["x"], remarks="new")]) == []
    bulk.add_records(OLD, [person("r2", aliases=["y"], remarks="old")])
    props = bulk.nodes["ofac:1"].props
    assert props["remarks"] == "new"  # an older list does not replace a newer value
    assert props["aliases"] == ["x", "y"]  # but list values are unions
    assert props["sourceRecords"] == ["list-b:r1", "list-a:r2"]
    assert props["sourceDataset"] == "list-b" and props["sourcePublished"] == dt.date(2025, 1, 1)
    assert props["firstSeenAt"] <= props["ingestedAt"]


def test_reasserting_the_same_record_changes_nothing(model):
    bulk = BulkGraph(model)
    bulk.add_records(NEW, [person("r1")])
    before = dict(bulk.nodes["ofac:1"].props)
    bulk.add_records(NEW, [person("r1")])
    assert bulk.nodes["ofac:1"].props == before


def test_relationships_to_absent_nodes_are_rejected_by_id(model):
    bulk = BulkGraph(model)
    link = RelationshipRecord(
        "ASSOCIATE_OF", NodeRef("Person", {"id": "ofac:1"}), NodeRef("Person", {"id": "ofac:2"}), "r3"
    )
    bulk.add_records(NEW, [person("r1"), link])
    assert list(bulk.complete_relationships()) == []
    assert [r.reason for r in bulk.rejected] == ["ASSOCIATE_OF Person->Person: no node with id 'ofac:2'"]


def test_summary_of_the_import_tool_is_parsed():
    output = (
        "Post processing COMPLETED in 730ms\n\n\nIMPORT DONE in 1m 3s 381ms. \n"
        "Imported:\n  2 nodes\n  1 relationships\n  12 properties\nPeak memory usage: 1.004GiB\n"
    )
    assert parse_summary(output) == (2, 1, 12, pytest.approx(63.381))


def test_a_failure_is_shown_as_its_cause_without_stack_frames():
    output = (
        ".......... .......... 5% ∆0ms\nIMPORT FAILED in 164ms. \nError in input data\n"
        "WARNING Import failed. The store files in /x are left as they are\n"
        "Caused by: InputException: ERROR in input\n  raw field value: nineteen\n"
        "\tat org.neo4j.importer.FileImporter.doImport(FileImporter.java:235)\n\t... 13 more\n"
        "Caused by: InputException: ERROR in input\n  raw field value: nineteen\n"
    )
    assert tool_error_lines(output) == [
        "IMPORT FAILED in 164ms.",
        "Error in input data",
        "Caused by: InputException: ERROR in input",
        "  raw field value: nineteen",
    ]
