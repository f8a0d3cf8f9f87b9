"""The GraphQL schema is derived from schema/: the committed SDL matches, and new YAML types appear."""

import shutil

import pytest

from chokepoint.api.schema import SDL_FILE, build_registry, render_sdl
from chokepoint.errors import InvalidModel
from chokepoint.schema import load_model
from chokepoint.settings import PROJECT_ROOT


def test_committed_sdl_matches_the_code(model):
    assert SDL_FILE.read_text(encoding="utf-8") == render_sdl(model), (
        "api/schema.graphql is stale: run `bin/chokepoint serve --write-schema` and commit the result"
    )


def test_every_schema_type_is_an_object_type_implementing_its_interface(model):
    sdl = render_sdl(model)
    for label in model.nodes:
        assert f"type {label} implements Entity {{" in sdl
    assert "type SentFundsToRelationship implements Relationship {" in sdl
    person = sdl.split("type Person implements Entity {")[1].split("}")[0]
    for field in ("aliases: [String!]", "ofacUid: Int", "sourceDataset: String", "ingestedAt: DateTime"):
        assert field in person


def _schema_copy(tmp_path):
    target = tmp_path / "schema"
    shutil.copytree(PROJECT_ROOT / "schema", target)
    return target


def test_a_new_yaml_type_appears_in_the_api_without_code_changes(tmp_path):
    schema_dir = _schema_copy(tmp_path)
    (schema_dir / "nodes" / "pill_press.yaml").write_text(
        "name: PillPress\n"
        "description: A pill press seized or imported.\n"
        "identity: [id]\n"
        "display: serial\n"
        "properties:\n"
        "  serial: {type: string, required: true, description: Serial number}\n"
        "  tonnage: {type: float, description: Press force in tonnes}\n"
        "  importedOn: {type: date, description: Date of import}\n",
        encoding="utf-8",
    )
    sdl = render_sdl(load_model(schema_dir))
    press = sdl.split('"""A pill press seized or imported."""\ntype PillPress implements Entity {')[1].split(
        "}"
    )[0]
    assert "serial: String" in press
    assert "tonnage: Float" in press
    assert "importedOn: Date" in press


def test_a_type_named_like_an_api_type_is_refused(tmp_path):
    schema_dir = _schema_copy(tmp_path)
    (schema_dir / "nodes" / "path.yaml").write_text(
        "name: Path\ndescription: A trail.\nidentity: [id]\n"
        "properties:\n  name: {type: string, required: true, description: Trail name}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidModel, match="'Path' collides with a type of the GraphQL API"):
        build_registry(load_model(schema_dir))
