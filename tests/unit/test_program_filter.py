from chokepoint.ingest.program_filter import restrict_to_programs
from chokepoint.ingest.records import NodeRecord, NodeRef, RejectedRecord, RelationshipRecord


def party(fixed_ref, label="Person"):
    return NodeRecord(label, fixed_ref, {"id": f"ofac:{fixed_ref}", "name": f"P{fixed_ref}"})


def designated(fixed_ref, programs, label="Person"):
    designation = f"designation:SDN:{fixed_ref}"
    node = NodeRecord("Designation", f"entry:{fixed_ref}", {"id": designation, "programs": programs})
    link = RelationshipRecord(
        "SANCTIONED_BY",
        NodeRef(label, {"id": f"ofac:{fixed_ref}"}),
        NodeRef("Designation", {"id": designation}),
        f"entry:{fixed_ref}",
    )
    under = [
        RelationshipRecord(
            "UNDER_PROGRAM",
            NodeRef("Designation", {"id": designation}),
            NodeRef("SanctionsProgram", {"id": f"program:{p}"}),
            f"entry:{fixed_ref}",
        )
        for p in programs
    ]
    return [node, link, *under]


def test_keeps_drug_parties_their_own_records_and_links_between_kept_parties():
    document = NodeRecord(
        "IdentityDocument", "1", {"docType": "Passport", "number": "X1", "issuingCountry": "MX"}
    )
    has_document = RelationshipRecord(
        "HAS_DOCUMENT",
        NodeRef("Person", {"id": "ofac:1"}),
        NodeRef("IdentityDocument", {"docType": "Passport", "number": "X1", "issuingCountry": "MX"}),
        "1",
    )
    cyber_document = NodeRecord(
        "IdentityDocument", "3", {"docType": "Passport", "number": "Y3", "issuingCountry": "RU"}
    )
    records = [
        NodeRecord("SanctionsProgram", "program:SDNTK", {"id": "program:SDNTK", "code": "SDNTK"}),
        NodeRecord("SanctionsProgram", "program:CYBER2", {"id": "program:CYBER2", "code": "CYBER2"}),
        party("1"),
        document,
        has_document,
        party("2", "Organization"),
        party("3"),
        cyber_document,
        RelationshipRecord(
            "ACTING_FOR",
            NodeRef("Person", {"id": "ofac:1"}),
            NodeRef("Organization", {"id": "ofac:2"}),
            "relationship:9",
        ),
        RelationshipRecord(
            "ASSOCIATE_OF",
            NodeRef("Person", {"id": "ofac:1"}),
            NodeRef("Person", {"id": "ofac:3"}),
            "relationship:10",
        ),
        RejectedRecord("3", "broken feature"),
        *designated("1", ["SDNTK"]),
        *designated("2", ["SDNTK", "CYBER2"], "Organization"),
        *designated("3", ["CYBER2"]),
    ]
    kept = list(restrict_to_programs(records, frozenset({"SDNTK"})))
    ids = {r.props.get("id") for r in kept if isinstance(r, NodeRecord)}
    assert ids == {"program:SDNTK", "ofac:1", "ofac:2", None, "designation:SDN:1", "designation:SDN:2"}
    assert document in kept and has_document in kept and cyber_document not in kept
    types = sorted(r.type for r in kept if isinstance(r, RelationshipRecord))
    assert types == [
        "ACTING_FOR",
        "HAS_DOCUMENT",
        "SANCTIONED_BY",
        "SANCTIONED_BY",
        "UNDER_PROGRAM",
        "UNDER_PROGRAM",
    ]
    programs_kept = [
        r.target.identity["id"]
        for r in kept
        if isinstance(r, RelationshipRecord) and r.type == "UNDER_PROGRAM"
    ]
    assert programs_kept == ["program:SDNTK", "program:SDNTK"]
    assert not any(isinstance(r, RejectedRecord) for r in kept)
