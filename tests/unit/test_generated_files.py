import pytest

from chokepoint.cli.schema_cmd import SCHEMA_DOC
from chokepoint.generated_files import GENERATE_COMMAND, GeneratedFile, generated_files
from chokepoint.schema import load_model
from chokepoint.schema.docs import render_schema_doc
from chokepoint.settings import PROJECT_ROOT

FILES = generated_files(load_model(PROJECT_ROOT / "schema"))


def test_schema_doc_is_up_to_date(model):
    expected = render_schema_doc(model)
    assert SCHEMA_DOC.read_text(encoding="utf-8") == expected, (
        "docs/schema.md is stale: run `bin/chokepoint schema docs` and commit the result"
    )


@pytest.mark.parametrize("generated", FILES, ids=[file.name for file in FILES])
def test_every_generated_file_is_up_to_date(generated):
    stale = f"{generated.name} is stale: run `{GENERATE_COMMAND}` and commit the result"
    assert generated.is_current(), stale


def test_every_kind_of_generated_file_is_listed():
    names = {file.name for file in FILES}
    assert {"docs/schema.md", "docs/ontology.ttl", "api/schema.graphql"} <= names
    assert "chokepoint/schema/vocabulary.py" in names
    assert "README.md" in names  # its table of sources
    assert any(name.startswith("docs/formats/") and name.endswith(".schema.json") for name in names)


def test_a_stale_file_is_rewritten_and_a_current_one_left_alone(tmp_path, model):
    target = tmp_path / "doc.md"
    target.write_text("old\n", encoding="utf-8")
    file = GeneratedFile(target, lambda: render_schema_doc(model))
    assert not file.is_current()
    assert file.write() and file.is_current()
    assert not file.write()  # unchanged: not written again
