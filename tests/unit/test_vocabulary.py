"""The vocabulary is declared once in schema/ and every Python use follows it: caveats and their
order, node groups, programme groups, event dates and display styles (ANX declares every type)."""

import io

from defusedxml import ElementTree as ET

from chokepoint.api.security.config import AccessConfig
from chokepoint.api.security.policy import OWN_CAVEATS
from chokepoint.cli.ingest import program_codes
from chokepoint.exports.anx import write_anx
from chokepoint.exports.attributes import edge_attributes, node_attributes
from chokepoint.exports.styles import node_styles
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.formats.common import EnvelopeHeader
from chokepoint.ingest.agency.record_builder import PARTY_LABELS as AGENCY_PARTY_TYPES
from chokepoint.ingest.ofac_advanced import OFAC_PARTY_TYPES
from chokepoint.schema import vocabulary


def test_caveats_run_from_least_to_most_restrictive(model):
    assert model.caveats == vocabulary.CAVEATS == ("PUBLIC", "SBU", "FOUO", "LES", "ORCON")
    assert model.common.provenance["caveat"].enum == model.caveats  # declared once, in caveats
    assert OWN_CAVEATS == ("SBU", "FOUO", "LES", "ORCON")


def test_which_caveats_may_be_shared_comes_from_the_schema(model):
    assert vocabulary.SHAREABLE_CAVEATS == model.caveats_with("owner") == ("SBU", "FOUO", "LES")
    assert vocabulary.ORIGINATOR_CAVEATS == ("ORCON",)
    for caveat in model.caveats:
        try:
            AccessConfig.model_validate({"sharing": {"DEA": {caveat: ["*"]}}})
            shared = True
        except ValueError:
            shared = False
        assert shared == (caveat in vocabulary.SHAREABLE_CAVEATS), caveat


def test_format_files_accept_exactly_the_schema_caveats(model):
    header = {"format": "seizure-report", "version": 1, "dataset": "d", "agency": "DEA"}
    for caveat in model.caveats:
        assert EnvelopeHeader.model_validate({**header, "caveat": caveat}).caveat == caveat
    assert tuple(EnvelopeHeader.model_json_schema()["properties"]["caveat"]["enum"]) == model.caveats


def test_relationship_endpoints_name_groups_and_the_model_holds_their_members(model):
    assert model.group("parties") == ("Person", "Organization")
    assert model.relationship("ASSOCIATE_OF").source == ("Person", "Organization")
    assert model.relationship("SAME_AS").source == model.group("resolvable")
    assert model.relationship("SANCTIONED_BY").source == (*model.group("listed_parties"), "CryptoAddress")
    assert {name: g.members for name, g in model.common.node_groups.items()} == vocabulary.NODE_GROUPS


def test_what_sources_call_a_party_maps_onto_the_schema_groups(model):
    assert set(OFAC_PARTY_TYPES.values()) == set(model.group("listed_parties"))
    assert set(AGENCY_PARTY_TYPES.values()) == set(model.group("parties"))


def test_programme_groups_expand_on_the_command_line(model):
    assert program_codes("drugs") == frozenset(model.programs("drugs"))
    assert program_codes("Drugs,SDGT") == frozenset(model.programs("drugs")) | {"SDGT"}
    assert program_codes("SDNTK") == frozenset({"SDNTK"})


def test_every_node_type_declares_how_it_is_drawn(model):
    missing = [label for label, spec in model.nodes.items() if spec.style is None]
    assert not missing, f"schema/nodes: declare style: {{icon, colour}} for {', '.join(missing)}"


def test_anx_declares_every_node_type_with_its_icon_before_using_it(model):
    nodes = [ExportNode(f"n{i}", label, {"name": label}) for i, label in enumerate(sorted(model.nodes))]
    edges = [ExportEdge("e0", "ASSOCIATE_OF", "n0", "n1", {})]
    out = io.BytesIO()
    types = sorted(model.relationships)
    write_anx(
        out,
        nodes,
        edges,
        node_attributes(model),
        edge_attributes(model),
        node_styles(model),
        link_types=types,
    )
    root = ET.fromstring(out.getvalue())
    declared = {t.get("Name"): t.get("IconFile") for t in root.iter("EntityType")}
    expected = {label: spec.style.icon for label, spec in model.nodes.items() if spec.style}
    assert declared == expected
    used = {style.get("Type") for style in root.iter("IconStyle")}
    assert used == set(model.nodes) and used <= set(declared)
    # i2's exchange schema: the type collections come first, attribute classes, link types, entity types
    order = [child.tag for child in root]
    assert order == [
        "AttributeClassCollection",
        "LinkTypeCollection",
        "EntityTypeCollection",
        "ChartItemCollection",
    ]
    link_types = {t.get("Name") for t in root.iter("LinkType")}
    assert link_types == set(model.relationships)
    assert {style.get("Type") for style in root.iter("LinkStyle")} <= link_types


def test_anx_dates_each_item_by_its_own_time_before_the_import_day(model):
    """An item's date is its type's own event date (a seizure's day, a flow's first transfer, a
    document's publication), else its source's publication date, else the import day (issue 18: the
    import day piled every item of a chart on one day of i2's timeline)."""
    imported = "2026-05-01T10:00:00Z"
    seizure = ExportNode("s1", "Seizure", {"seizedOn": "2026-04-17", "firstSeenAt": imported})
    listed = ExportNode(
        "p1", "Person", {"name": "X", "sourcePublished": "2025-11-03", "firstSeenAt": imported}
    )
    person = ExportNode("p2", "Person", {"name": "Y", "firstSeenAt": imported})
    document = ExportNode("d1", "SourceDocument", {"publishedOn": "2024-02-29", "firstSeenAt": imported})
    undated = ExportNode("p3", "Person", {"name": "Z"})
    flow = ExportEdge(
        "e1", "SENT_FUNDS_TO", "s1", "p1", {"firstSeen": "2025-03-09T08:07:06Z", "firstSeenAt": imported}
    )
    member = ExportEdge(
        "e2", "MEMBER_OF", "p1", "p2", {"sourcePublished": "2025-06-30", "firstSeenAt": imported}
    )
    out = io.BytesIO()
    attributes = node_attributes(model), edge_attributes(model)
    nodes = [seizure, listed, person, document, undated]
    write_anx(
        out, nodes, [flow, member], *attributes, node_styles(model), link_types=sorted(model.relationships)
    )
    items = list(ET.fromstring(out.getvalue()).iter("ChartItem"))
    assert [item.get("DateTime") for item in items] == [
        "2026-04-17T00:00:00",
        "2025-11-03T00:00:00",
        "2026-05-01T10:00:00",
        "2024-02-29T00:00:00",
        None,
        "2025-03-09T08:07:06",
        "2025-06-30T00:00:00",
    ]
    assert model.event_dates("Person") == ("sourcePublished", "firstSeenAt")
    assert model.event_dates("Seizure") == ("seizedOn", "sourcePublished", "firstSeenAt")
