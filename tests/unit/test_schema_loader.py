import shutil
from pathlib import Path

import pytest

from chokepoint.errors import InvalidModel
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
