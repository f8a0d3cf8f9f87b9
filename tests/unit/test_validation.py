import datetime as dt

import pytest

from chokepoint.errors import InvalidRecord
from chokepoint.schema.validation import validate_node, validate_relationship

PROVENANCE = {
    "sourceDataset": "t",
    "sourceRecordId": "r1",
    "ingestedAt": "2026-01-01T00:00:00",
    "agency": "DEA",
    "caveat": "LES",
}


def test_values_are_coerced_to_declared_types(model):
    props = validate_node(
        model,
        "Seizure",
        "r1",
        {
            **PROVENANCE,
            "id": "s1",
            "caseNumber": " X-1 ",
            "seizedOn": "2026-06-14",
            "seizingAgency": "DEA",
            "cashUsd": "48,200.50",
            "summary": "",
        },
    )
    assert props["caseNumber"] == "X-1"
    assert props["seizedOn"] == dt.date(2026, 6, 14)
    assert props["cashUsd"] == 48200.5
    assert props["ingestedAt"] == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert "summary" not in props  # empty values are dropped, not stored as ""


def test_missing_required_property_names_record_and_property(model):
    with pytest.raises(InvalidRecord, match=r"Seizure record 'r1': required property 'seizedOn'"):
        validate_node(
            model,
            "Seizure",
            "r1",
            {**PROVENANCE, "id": "s1", "caseNumber": "X", "seizingAgency": "DEA"},
        )


def test_bad_enum_value_is_rejected(model):
    with pytest.raises(InvalidRecord, match=r"property 'caveat': 'SECRET' is not one of"):
        validate_node(
            model,
            "Phone",
            "r1",
            {**PROVENANCE, "caveat": "SECRET", "id": "p", "number": "+15550100"},
        )


def test_unknown_property_is_rejected(model):
    with pytest.raises(InvalidRecord, match=r"unknown property colour"):
        validate_node(model, "Phone", "r1", {**PROVENANCE, "id": "p", "number": "+1", "colour": "red"})


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("eventCount", "many", "expected an integer"),
        ("eventCount", 2.5, "expected an integer"),
        ("eventCount", True, "expected an integer, got a boolean"),
        ("quantityLbs", "nan", "expected a finite number"),
        ("periodStart", "14/06/2026", "expected a date YYYY-MM-DD"),
        ("fiscalYearToDate", "perhaps", "expected true or false"),
    ],
)
def test_type_errors_say_why(model, field, value, reason):
    record = {
        **PROVENANCE,
        "id": "c",
        "fiscalYear": 2024,
        "month": "JAN",
        "periodStart": "2024-01-01",
        "component": "OFO",
        "region": "R",
        "landFilter": "L",
        "drugType": "Fentanyl",
        "eventCount": 1,
        "quantityLbs": 1.0,
        field: value,
    }
    with pytest.raises(InvalidRecord, match=reason):
        validate_node(model, "SeizureStatistic", "c", record)


def test_list_properties_accept_a_single_value_and_check_enums(model):
    props = validate_node(
        model, "Organization", "o", {**PROVENANCE, "id": "o", "name": "X", "kinds": "cartel"}
    )
    assert props["kinds"] == ["cartel"]
    with pytest.raises(InvalidRecord, match="'bakery' is not one of"):
        validate_node(
            model,
            "Organization",
            "o",
            {**PROVENANCE, "id": "o", "name": "X", "kinds": ["cartel", "bakery"]},
        )


def test_relationship_identity_property_is_required(model):
    with pytest.raises(InvalidRecord, match="required property 'declared'"):
        validate_relationship(model, "CONTAINED", "r", {**PROVENANCE})
