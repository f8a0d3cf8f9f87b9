import shutil
from pathlib import Path

import pytest

from chokepoint.errors import InvalidModel, NotFound
from chokepoint.schema import load_model
from chokepoint.settings import PROJECT_ROOT

SCHEMA = PROJECT_ROOT / "schema"


def copy_schema(tmp_path: Path) -> Path:
    target = tmp_path / "schema"
    shutil.copytree(SCHEMA, target)
    return target


def test_real_schema_covers_the_domain():
    model = load_model(SCHEMA)
    for label in (
        "Organization",
        "Person",
        "CryptoAddress",
        "WalletCluster",
        "Transfer",
        "Shipment",
        "Substance",
        "Equipment",
        "Seizure",
        "Location",
        "Port",
        "DarknetMarket",
        "VendorAccount",
        "SanctionsProgram",
        "Designation",
        "IdentityDocument",
        "SourceDocument",
    ):
        assert label in model.nodes, label
    assert model.node("CryptoAddress").identity == ("chain", "address")
    assert {"sourceDataset", "sourceRecordId", "ingestedAt", "agency", "caveat"} <= set(
        model.common.provenance
    )
    assert model.allows("CONTROLS_ADDRESS", "Person", "CryptoAddress")
    assert not model.allows("CONTROLS_ADDRESS", "CryptoAddress", "Person")
    assert model.allows("MENTIONED_IN", "Seizure", "SourceDocument")


def test_node_id_uses_identity_keys(model):
    assert model.node_id("CryptoAddress", {"chain": "tron", "address": "TX1"}) == "CryptoAddress:tron|TX1"
    assert model.node_id("Person", {"id": "ofac:6861"}) == "ofac:6861"


def test_unknown_key_names_file_and_key(tmp_path):
    schema = copy_schema(tmp_path)
    path = schema / "nodes" / "phone.yaml"
    path.write_text(path.read_text().replace("  imei: {type:", "  imei: {tpye: string, type:"))
    with pytest.raises(InvalidModel, match=r"phone\.yaml: properties\.imei\.tpye: Extra inputs"):
        load_model(schema)


def test_dangling_endpoint_is_rejected(tmp_path):
    schema = copy_schema(tmp_path)
    path = schema / "relationships" / "uses_phone.yaml"
    path.write_text(path.read_text().replace("to: [Phone]", "to: [Telephone]"))
    with pytest.raises(InvalidModel, match=r"uses_phone\.yaml: to: unknown node type 'Telephone'"):
        load_model(schema)


def test_duplicate_name_is_rejected(tmp_path):
    schema = copy_schema(tmp_path)
    (schema / "relationships" / "phone.yaml").write_text(
        "name: PHONE\ndescription: clashes with the node type\nfrom: [Person]\nto: [Phone]\n"
    )
    with pytest.raises(InvalidModel, match=r"phone\.yaml: name: 'PHONE' is already declared"):
        load_model(schema)


def test_identity_key_must_be_declared(tmp_path):
    schema = copy_schema(tmp_path)
    path = schema / "nodes" / "phone.yaml"
    path.write_text(path.read_text().replace("identity: [number]", "identity: [msisdn]"))
    with pytest.raises(InvalidModel, match=r"phone\.yaml: .*identity key 'msisdn'"):
        load_model(schema)


def test_file_must_be_named_after_its_type(tmp_path):
    schema = copy_schema(tmp_path)
    (schema / "nodes" / "phone.yaml").rename(schema / "nodes" / "telephone.yaml")
    with pytest.raises(InvalidModel, match=r"telephone\.yaml: name: 'Phone' must live in phone\.yaml"):
        load_model(schema)


def test_shadowing_a_provenance_property_is_rejected(tmp_path):
    schema = copy_schema(tmp_path)
    path = schema / "nodes" / "phone.yaml"
    path.write_text(path.read_text() + '  agency: {type: string, description: "clash here"}\n')
    with pytest.raises(InvalidModel, match=r"properties\.agency: shadows a common property"):
        load_model(schema)


def test_bad_yaml_is_reported(tmp_path):
    schema = copy_schema(tmp_path)
    (schema / "nodes" / "phone.yaml").write_text("name: [unclosed\n")
    with pytest.raises(InvalidModel, match=r"phone\.yaml: not valid YAML"):
        load_model(schema)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_an_unknown_group_as_endpoint_is_rejected(tmp_path):
    schema = copy_schema(tmp_path)
    _replace(schema / "relationships" / "uses_phone.yaml", "from: [parties]", "from: [partys]")
    with pytest.raises(InvalidModel, match=r"uses_phone\.yaml: from: unknown node group 'partys'"):
        load_model(schema)


def test_a_group_member_must_be_a_node_type(tmp_path):
    schema = copy_schema(tmp_path)
    _replace(schema / "common.yaml", "members: [Person, Organization]", "members: [Person, Company]")
    with pytest.raises(InvalidModel, match=r"common\.yaml: node_groups\.parties: unknown node type 'Company"):
        load_model(schema)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            "members: [crypto_broker, money_service_business, exchange]",
            "members: [crypto_broker, bank]",
            r"value_groups\.money_brokers: 'bank' is not a value of Organization\.kinds",
        ),
        (
            "property: Organization.kinds",
            "property: Organization.name",
            r"value_groups\.money_brokers: Organization\.name is not an enumerated node property",
        ),
        (
            "property: Organization.kinds",
            "property: Company.kinds",
            r"value_groups\.money_brokers: Company\.kinds is not an enumerated node property",
        ),
    ],
)
def test_a_value_group_holds_values_of_an_enumerated_property(tmp_path, old, new, reason):
    schema = copy_schema(tmp_path)
    _replace(schema / "common.yaml", old, new)
    with pytest.raises(InvalidModel, match=rf"common\.yaml: {reason}"):
        load_model(schema)


def test_a_value_group_is_named_by_code():
    model = load_model(PROJECT_ROOT / "schema")
    assert model.value_group("money_brokers") == ("crypto_broker", "money_service_business", "exchange")
    with pytest.raises(NotFound, match="Unknown value group 'brokers'; known: money_brokers"):
        model.value_group("brokers")


def test_a_group_mixes_with_labels_and_duplicates_collapse(tmp_path):
    schema = copy_schema(tmp_path)
    path = schema / "relationships" / "uses_phone.yaml"
    _replace(path, "from: [parties]", "from: [Person, parties, Vessel]")
    assert load_model(schema).relationship("USES_PHONE").source == ("Person", "Organization", "Vessel")


def test_the_caveat_values_are_declared_only_in_caveats(tmp_path):
    schema = copy_schema(tmp_path)
    declared = "caveat: {type: string, required: true,"
    _replace(schema / "common.yaml", declared, declared.replace("required", "enum: [A], required"))
    with pytest.raises(InvalidModel, match=r"common\.yaml: .*leave out enum, its values come from caveats"):
        load_model(schema)


def test_one_caveat_is_public(tmp_path):
    schema = copy_schema(tmp_path)
    _replace(schema / "common.yaml", "{name: SBU, sharing: owner,", "{name: SBU, sharing: public,")
    with pytest.raises(InvalidModel, match=r"exactly one caveat has sharing: public"):
        load_model(schema)


def test_an_event_date_must_be_a_date_property(tmp_path):
    schema = copy_schema(tmp_path)
    _replace(schema / "nodes" / "seizure.yaml", "event_date: seizedOn", "event_date: caseNumber")
    with pytest.raises(InvalidModel, match=r"seizure\.yaml: .*event_date 'caseNumber' is not a declared"):
        load_model(schema)


def test_a_style_colour_is_checked(tmp_path):
    schema = copy_schema(tmp_path)
    _replace(schema / "nodes" / "phone.yaml", 'colour: "#', 'colour: "')
    with pytest.raises(InvalidModel, match=r"phone\.yaml: style\.colour"):
        load_model(schema)


@pytest.mark.parametrize(
    ("file", "place", "reason"),
    [
        ("location.yaml", "place: {latitude: latitude}", "latitude and longitude are declared together"),
        ("location.yaml", "place: {latitude: name, longitude: longitude}", "'name' is not a declared float"),
        ("location.yaml", "place: {latitude: lat, longitude: longitude}", "'lat' is not a declared float"),
        ("location.yaml", "place: {}", "either latitude and longitude or at"),
        ("seizure.yaml", "place: {at: SEIZED_IN}", "'SEIZED_IN' is not a relationship from Seizure"),
        ("seizure.yaml", "place: {at: LOCATED_IN}", "'LOCATED_IN' is not a relationship from Seizure"),
        ("seizure.yaml", "place: {at: SEIZED}", "'SEIZED' leads to Substance, which has no place"),
    ],
)
def test_a_place_on_the_map_is_checked(tmp_path, file, place, reason):
    schema = copy_schema(tmp_path)
    declared = (
        "place: {latitude: latitude, longitude: longitude}"
        if file == "location.yaml"
        else ("place: {at: SEIZED_AT}")
    )
    _replace(schema / "nodes" / file, declared, place)
    with pytest.raises(InvalidModel, match=rf"{file.replace('.', '[.]')}: .*{reason}"):
        load_model(schema)


def test_a_place_by_link_needs_coordinates_where_the_link_leads(tmp_path):
    schema = copy_schema(tmp_path)
    _replace(schema / "nodes" / "port.yaml", "place: {latitude: latitude, longitude: longitude}\n", "")
    with pytest.raises(
        InvalidModel, match=r"seizure[.]yaml: place[.]at: 'SEIZED_AT' leads to Port, which has no"
    ):
        load_model(schema)


def test_the_real_schema_places_ports_locations_and_seizures():
    model = load_model(SCHEMA)
    placed = {label: model.node(label).place for label in model.nodes if model.node(label).place}
    assert {label: (p.latitude, p.longitude, p.at) for label, p in placed.items()} == {
        "Location": ("latitude", "longitude", None),
        "Port": ("latitude", "longitude", None),
        "Seizure": (None, None, "SEIZED_AT"),
    }
