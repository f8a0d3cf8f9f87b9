from chokepoint.ingest.countries import country_code
from chokepoint.ingest.ofac_csv import _birth_date, _parse
from chokepoint.ingest.records import NodeRecord, RejectedRecord, RelationshipRecord

ROW = [
    "26236",
    "ZHENG, Fujing",
    "individual",
    "SDNTK] [ILLICIT-DRUGS-EO14059",
    "-0- ",
    "-0- ",
    "-0- ",
    "-0- ",
    "-0- ",
    "-0- ",
    "-0- ",
    "DOB 11 Jun 1983; alt. DOB circa 1982; POB China; nationality China; citizen China; Gender Male; "
    "a.k.a. 'GORDON ZHENG'; Digital Currency Address - XBT 17ezuJoT3XBbdcwFZbkTnrXbup11F4uhiy; "
    "Passport G31920875 (China) issued 24 Oct 2008; Linked To: QINSHENG PHARMACEUTICAL TECHNOLOGY CO., LTD.",
]


def test_remarks_become_properties_and_related_records():
    row = _parse("sdn.csv:line 1", ROW)
    assert row.label == "Person"
    assert row.programs == ["SDNTK", "ILLICIT-DRUGS-EO14059"]
    props = row.props
    assert props["id"] == "ofac:26236" and props["ofacUid"] == 26236
    assert props["birthDates"] == ["1983-06-11", "1982"]
    assert props["birthPlaces"] == ["China"] and props["nationalities"] == ["CN"]
    assert props["gender"] == "male" and props["aliases"] == ["GORDON ZHENG"]
    nodes = {r.label: r.props for r in row.related if isinstance(r, NodeRecord)}
    assert nodes["CryptoAddress"]["address"] == "17ezuJoT3XBbdcwFZbkTnrXbup11F4uhiy"
    assert nodes["IdentityDocument"] == {"docType": "Passport", "number": "G31920875", "issuingCountry": "CN"}
    assert {r.type for r in row.related if isinstance(r, RelationshipRecord)} == {
        "CONTROLS_ADDRESS",
        "HAS_DOCUMENT",
    }
    assert row.linked_to == ["QINSHENG PHARMACEUTICAL TECHNOLOGY CO., LTD"]
    assert not any(isinstance(r, RejectedRecord) for r in row.related)


def test_entity_type_and_birth_date_forms():
    assert _parse("l", ["1", "X CARTEL", "-0- ", "SDNTK", *["-0- "] * 8]).label == "Organization"
    assert _birth_date("Dec 1954") == "1954-12"
    assert _birth_date("1960 to 1962") == "1960/1962"
    assert _birth_date("sometime") is None


def test_country_names_as_ofac_writes_them():
    assert country_code("Korea, North") == "KP"
    assert country_code("Mexico") == "MX"
    assert country_code("Atlantis") is None
