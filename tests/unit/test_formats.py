"""The agency record formats: models, examples, generated schemas, CSV layouts and record mapping (no I/O
beyond reading the committed example files)."""

from __future__ import annotations

import json

import pytest

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats import intel_note, seizure_report, shipment_manifest
from chokepoint.formats.common import RawEnvelope
from chokepoint.formats.discovery import RECORD_MODELS
from chokepoint.formats.intel_note import IntelNote
from chokepoint.formats.jsonschema import FORMATS_DIR, render_format_schema, schema_path
from chokepoint.formats.seizure_report import SeizureReport
from chokepoint.formats.shipment_manifest import ShipmentManifest, goods_cell, misdeclared
from chokepoint.ingest.agency.envelope import RecordContext, open_agency
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.agency.substances import substance_props
from chokepoint.ingest.records import NodeRecord, RejectedRecord, RelationshipRecord
from chokepoint.ingest.registry import SOURCES
from chokepoint.ingest.source import Options
from chokepoint.ingest.source_table import README, with_sources_table

MINE = {"seizure-report": SeizureReport, "shipment-manifest": ShipmentManifest, "intel-note": IntelNote}
CONTEXT = RecordContext("ds", "DEA", "CASE-1", "CASE-1")


@pytest.mark.parametrize("name", sorted(RECORD_MODELS))
def test_format_schema_files_are_up_to_date(name):
    assert schema_path(name).read_text(encoding="utf-8") == render_format_schema(name), (
        f"{schema_path(name)} is stale: run `bin/chokepoint schema formats` and commit the result"
    )


@pytest.mark.parametrize("name", sorted(MINE))
def test_every_example_record_fits_its_model(name):
    document = json.loads((FORMATS_DIR / f"{name}.example.json").read_text(encoding="utf-8"))
    envelope = RawEnvelope.model_validate(document)
    assert envelope.format == name and envelope.synthetic is True
    records = [MINE[name].model_validate(record) for record in envelope.records]
    assert len(records) >= 3 or name == "seizure-report"


def test_unknown_fields_and_bad_values_are_refused_by_the_model():
    with pytest.raises(ValueError, match="quantityKg"):
        SeizureReport.model_validate(
            {
                "caseNumber": "C",
                "seizedOn": "2026-01-01",
                "seizingAgency": "DEA",
                "items": [{"kind": "substance", "substance": "x", "quantityKg": -1}],
            }
        )
    with pytest.raises(ValueError, match="colour"):
        SeizureReport.model_validate(
            {"caseNumber": "C", "seizedOn": "2026-01-01", "seizingAgency": "DEA", "colour": "red"}
        )
    with pytest.raises(ValueError, match="attributedTo must be an organization"):
        SeizureReport.model_validate(
            {
                "caseNumber": "C",
                "seizedOn": "2026-01-01",
                "seizingAgency": "DEA",
                "attributedTo": {"type": "person", "name": "X"},
            }
        )


def test_intel_note_ends_take_three_forms_and_addresses_only_as_controlled_objects():
    note = IntelNote.model_validate(
        {
            "noteId": "N1",
            "subject": {"id": "ofac:1"},
            "relationship": "SUPPLIES",
            "object": {"type": "organization", "name": "Cell"},
            "confidence": 0.5,
        }
    )
    assert note.subject.id == "ofac:1" and note.object.name == "Cell"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="CONTROLS_ADDRESS"):
        IntelNote.model_validate(
            {
                "noteId": "N2",
                "subject": {"id": "ofac:1"},
                "relationship": "SUPPLIES",
                "object": {"address": "1HSuSNzrNuWMMe4c6spUKj2yMmRidvxzPu"},
                "confidence": 1,
            }
        )
    with pytest.raises(ValueError, match="confidence"):
        IntelNote.model_validate(
            {
                "noteId": "N3",
                "subject": {"id": "a"},
                "relationship": "SUPPLIES",
                "object": {"id": "b"},
                "confidence": 1.5,
            }
        )


def test_party_ids_are_the_agency_subject_file_or_record_scoped_never_by_name():
    build = RecordBuilder(CONTEXT)
    filed = build.party(
        SeizureReport.model_validate(
            {
                "caseNumber": "C",
                "seizedOn": "2026-01-01",
                "seizingAgency": "DEA",
                "persons": [
                    {
                        "subjectId": "NADDIS-1",
                        "type": "person",
                        "name": "A B",
                        "ofacUid": 11440,
                        "documents": [{"docType": "Passport", "number": "g 12 34"}],
                        "phones": ["+52 667 123 4567"],
                    }
                ],
            }
        ).persons[0],
        "persons[0]",
    )
    unfiled = build.party(
        SeizureReport.model_validate(
            {
                "caseNumber": "C",
                "seizedOn": "2026-01-01",
                "seizingAgency": "DEA",
                "persons": [{"type": "person", "name": "A B"}],
            }
        ).persons[0],
        "persons[1]",
    )
    assert filed.identity == {"id": "dea:naddis-1"} and unfiled.identity == {"id": "ds:CASE-1:persons[1]"}
    nodes = {
        (r.label, str(r.props.get("id") or r.props.get("number"))): r.props
        for r in build.records
        if isinstance(r, NodeRecord)
    }
    assert nodes[("Person", "dea:naddis-1")]["ofacUid"] == 11440
    assert nodes[("IdentityDocument", "G1234")] == {
        "docType": "Passport",
        "number": "G1234",
        "issuingCountry": "XX",
    }
    assert ("Phone", "+526671234567") in nodes
    assert not any(
        r.target.identity.get("id", "").startswith("ofac:")
        for r in build.records
        if isinstance(r, RelationshipRecord)
    )


def test_substances_by_name_alias_or_cas_are_one_node():
    ids = {substance_props(name)["id"] for name in ("4-ANPP", "anpp", "1609-66-1", "Despropionyl fentanyl")}
    assert ids == {"substance:4-anpp"}
    assert substance_props("Propionyl Chloride")["casNumber"] == "79-03-8"
    assert substance_props("Lidocaine") == {"id": "substance:lidocaine", "name": "Lidocaine"}


def test_seizure_items_of_one_substance_add_up_into_one_seized_link():
    report = SeizureReport.model_validate(
        {
            "caseNumber": "C",
            "seizedOn": "2026-01-01",
            "seizingAgency": "DEA",
            "items": [
                {"kind": "substance", "substance": "fentanyl", "quantityKg": 2.2, "pillCount": 100},
                {"kind": "substance", "substance": "Fentanyl", "quantityKg": 1.5},
                {"kind": "cash", "amountUsd": 100},
                {"kind": "cash", "amountUsd": 50.5},
            ],
        }
    )
    records = list(seizure_report.to_records(report, CONTEXT))
    seized = [r for r in records if isinstance(r, RelationshipRecord) and r.type == "SEIZED"]
    assert [r.props for r in seized] == [{"quantityKg": 3.7, "pillCount": 100}]
    seizure = next(r for r in records if isinstance(r, NodeRecord) and r.label == "Seizure")
    assert seizure.props["cashUsd"] == 150.5 and seizure.props["id"] == "seizure:DEA:C"


def test_misdeclared_is_derived_from_declared_and_actual_goods():
    base = {"billOfLading": "B1", "declaredGoods": [{"substance": "dye intermediate", "quantityKg": 75}]}
    assert misdeclared(ShipmentManifest.model_validate(base)) is None  # not inspected
    same = {**base, "actualGoods": [{"substance": "Dye Intermediate", "quantityKg": 70}]}
    assert misdeclared(ShipmentManifest.model_validate(same)) is False
    other = {**base, "actualGoods": [{"substance": "1609-66-1", "quantityKg": 25}]}
    assert misdeclared(ShipmentManifest.model_validate(other)) is True


def test_manifest_csv_goods_cells():
    assert goods_cell("4-ANPP=25kg; equipment:pill_press=2; NPP") == [
        {"substance": "4-ANPP", "quantityKg": "25"},
        {"equipment": "pill_press", "units": "2"},
        {"substance": "NPP"},
    ]
    assert goods_cell("") == []


def _note(subject, target):
    return IntelNote.model_validate(
        {
            "noteId": "N1",
            "subject": subject,
            "relationship": "SUPPLIES",
            "object": target,
            "confidence": 0.5,
            "source": "debrief",
        }
    )


def _shape(records):
    out = []
    for r in records:
        if isinstance(r, NodeRecord):
            out.append(("node", r.label))
        elif isinstance(r, RelationshipRecord):
            out.append((r.type, r.source.identity.get("id"), r.target.label))
        else:
            out.append(("rejected", r.record_id))
    return out


def test_an_intel_note_naming_a_node_not_in_the_graph_rejects_only_the_links_to_it():
    """Whether the note exists must not depend on the named node: a build of the records a reader of
    the note may see lacks a node only hidden records assert, so it writes the note's own elements
    there too; only the links to the absent node are rejected, naming its id."""
    cell = {"type": "organization", "name": "Cell"}
    found = RecordContext("ds", "FBI", "N1", "N1", existing={"hsi:t-1": "Organization"})
    both = list(intel_note.to_records(_note({"id": "hsi:t-1"}, cell), found))
    assert not [r for r in both if isinstance(r, RejectedRecord)]
    assert ("SUPPLIES", "hsi:t-1", "Organization") in _shape(both)
    assert ("MENTIONED_IN", "hsi:t-1", "SourceDocument") in _shape(both)

    absent = RecordContext("ds", "FBI", "N1", "N1")  # the same note where hsi:t-1 is not in the graph
    records = list(intel_note.to_records(_note({"id": "hsi:t-1"}, cell), absent))
    assert _shape(records) == [
        ("node", "Organization"),  # the cell, as the note asserts it
        ("node", "SourceDocument"),
        ("MENTIONED_IN", "ds:N1:object", "SourceDocument"),
        ("rejected", "N1"),  # no SUPPLIES, no mention of hsi:t-1
    ]
    (rejected,) = [r for r in records if isinstance(r, RejectedRecord)]
    assert rejected.record_id == "N1"
    assert rejected.reason.startswith("subject: no node with id 'hsi:t-1' in the graph")
    assert "SUPPLIES link" in rejected.reason
    # the message is the same whether the node is absent or asserted only by hidden records: it is
    # decided on the lookup alone, which is what the note's reader's own graph would answer
    neither = list(intel_note.to_records(_note({"id": "hsi:t-1"}, {"id": "ofac:9"}), absent))
    (rejected,) = [r for r in neither if isinstance(r, RejectedRecord)]
    assert "subject: no node with id 'hsi:t-1'" in rejected.reason
    assert "object: no node with id 'ofac:9'" in rejected.reason
    assert _shape(neither) == [("node", "SourceDocument"), ("rejected", "N1")]


def test_a_partial_rejection_names_the_record_where_it_is_in_the_file(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(
        json.dumps(
            {
                "format": "intel-note",
                "version": 1,
                "dataset": "ds",
                "agency": "FBI",
                "caveat": "LES",
                "records": [
                    {
                        "noteId": "N1",
                        "subject": {"id": "hsi:t-1"},
                        "relationship": "SUPPLIES",
                        "object": {"type": "organization", "name": "Cell"},
                        "confidence": 0.5,
                    }
                ],
            }
        )
    )
    source = open_agency(path, Options(), intel_note.SPEC)
    (rejected,) = [r for r in source.records if isinstance(r, RejectedRecord)]
    assert rejected.reason.startswith("intel-note record (notes.json records[0]): subject: no node")


def test_csv_layouts_give_records_the_models_accept():
    path = FORMATS_DIR / "shipment-manifest.example.csv"
    options = Options(dataset="hsi-csv", agency="HSI", caveat="LES")
    source = open_agency(path, options, shipment_manifest.SPEC)
    records = list(source.records)
    assert not [r for r in records if isinstance(r, RejectedRecord)]
    assert source.provenance.dataset == "hsi-csv" and source.provenance.caveat == "LES"
    notes = open_agency(FORMATS_DIR / "intel-note.example.csv", options, intel_note.SPEC)
    assert notes.prepare is not None and notes.total == 4


def test_a_bad_record_is_rejected_by_name_and_field(tmp_path):
    path = tmp_path / "reports.json"
    path.write_text(
        json.dumps(
            {
                "format": "seizure-report",
                "version": 1,
                "dataset": "ds",
                "agency": "DEA",
                "caveat": "LES",
                "records": [
                    {"caseNumber": "GOOD", "seizedOn": "2026-01-01", "seizingAgency": "DEA"},
                    {"caseNumber": "BAD-DATE", "seizedOn": "yesterday", "seizingAgency": "DEA"},
                    {
                        "caseNumber": "BAD-ADDR",
                        "seizedOn": "2026-01-01",
                        "seizingAgency": "DEA",
                        "addresses": [{"chain": "ethereum", "address": "0x1234"}],
                    },
                    {
                        "caseNumber": "BAD-REF",
                        "seizedOn": "2026-01-01",
                        "seizingAgency": "DEA",
                        "phones": [{"number": "+1 602 555 0143", "user": "nobody"}],
                    },
                    {"seizedOn": "2026-01-01", "seizingAgency": "DEA"},
                ],
            }
        )
    )
    records = list(open_agency(path, Options(), seizure_report.SPEC).records)
    rejected = {r.record_id: r.reason for r in records if isinstance(r, RejectedRecord)}
    assert set(rejected) == {"BAD-DATE", "BAD-ADDR", "BAD-REF", "reports.json records[4]"}
    assert "seizedOn" in rejected["BAD-DATE"]
    assert "0x1234" in rejected["BAD-ADDR"]
    assert "phones.0.user" in rejected["BAD-REF"] and "nobody" in rejected["BAD-REF"]
    assert "caseNumber" in rejected["reports.json records[4]"]
    assert any(isinstance(r, NodeRecord) and r.record_id == "GOOD" for r in records)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"records": []}', "envelope"),
        ('{"format": "intel-note", "version": 1, "records": []}', "declares format 'intel-note'"),
        (
            '{"format": "seizure-report", "version": 2, "dataset": "d", "agency": "A", "caveat": "LES", '
            '"records": []}',
            "version",
        ),
        (
            '{"format": "seizure-report", "version": 1, "dataset": "d", "agency": "A", "caveat": "SECRET", '
            '"records": []}',
            "caveat",
        ),
    ],
)
def test_a_file_not_of_the_format_stops_before_any_record(tmp_path, content, message):
    path = tmp_path / "file.json"
    path.write_text(content)
    with pytest.raises(InvalidRecord, match=message):
        open_agency(path, Options(), seizure_report.SPEC)


def test_csv_without_provenance_options_names_the_missing_ones():
    with pytest.raises(ConfigurationError, match="--agency, --caveat"):
        open_agency(FORMATS_DIR / "intel-note.example.csv", Options(dataset="d"), intel_note.SPEC)
    with pytest.raises(ConfigurationError, match="caveat"):
        open_agency(
            FORMATS_DIR / "intel-note.example.csv",
            Options(dataset="d", agency="A", caveat="TOP"),
            intel_note.SPEC,
        )


def test_a_json_only_format_refuses_csv(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text("caseNumber\nX\n")
    with pytest.raises(InvalidRecord, match="no CSV layout"):
        open_agency(path, Options(dataset="d", agency="A", caveat="LES"), seizure_report.SPEC)


def test_readme_sources_table_is_rendered_from_the_source_specs():
    text = README.read_text(encoding="utf-8")
    assert with_sources_table(text, SOURCES.values()) == text, (
        "README.md's table of sources is stale: run `bin/chokepoint schema formats` and commit the result"
    )


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        ({"latitude": 33.45}, "latitude and longitude are given together"),
        ({"longitude": -112.07}, "latitude and longitude are given together"),
        ({"latitude": 91, "longitude": 0}, "place.latitude"),
        ({"latitude": 0, "longitude": -180.5}, "place.longitude"),
    ],
)
def test_coordinates_come_together_and_in_range(place, reason):
    with pytest.raises(ValueError, match=reason):
        SeizureReport.model_validate(
            {
                "caseNumber": "C",
                "seizedOn": "2026-01-01",
                "seizingAgency": "DEA",
                "place": {"name": "Phoenix, AZ", "countryCode": "US", **place},
            }
        )


def test_a_place_and_a_port_keep_their_coordinates():
    report = SeizureReport.model_validate(
        {
            "caseNumber": "C",
            "seizedOn": "2026-01-01",
            "seizingAgency": "DEA",
            "place": {"name": "Phoenix, AZ", "countryCode": "US", "latitude": 33.45, "longitude": -112.07},
        }
    )
    records = list(seizure_report.to_records(report, CONTEXT))
    place = next(r for r in records if isinstance(r, NodeRecord) and r.label == "Location")
    assert (place.props["latitude"], place.props["longitude"]) == (33.45, -112.07)
    manifest = ShipmentManifest.model_validate(
        {
            "billOfLading": "B1",
            "mode": "sea",
            "originPort": {"unlocode": "CNSHA", "latitude": 31.23, "longitude": 121.49},
            "destinationPort": {"unlocode": "MXZLO"},
        }
    )
    ports = {
        r.props["unlocode"]: (r.props["latitude"], r.props["longitude"])
        for r in shipment_manifest.to_records(manifest, CONTEXT)
        if isinstance(r, NodeRecord) and r.label == "Port"
    }
    assert ports == {"CNSHA": (31.23, 121.49), "MXZLO": (None, None)}
