"""Every committed file generated from ``schema/`` and the agency format models, in one list.

``chokepoint schema generate`` writes them all; a test fails naming any file that differs from what
the code generates now. The vocabulary module comes first: the format models import it, so when it
changes the rest is generated again in a fresh interpreter that imports the new one.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from chokepoint.schema import DomainModel
from chokepoint.schema.codegen import VOCABULARY_COMMAND, render_vocabulary
from chokepoint.schema.docs import render_schema_doc
from chokepoint.settings import PROJECT_ROOT

GENERATE_COMMAND = VOCABULARY_COMMAND
SCHEMA_DOC = PROJECT_ROOT / "docs" / "schema.md"
ONTOLOGY = PROJECT_ROOT / "docs" / "ontology.ttl"
VOCABULARY = PROJECT_ROOT / "chokepoint" / "schema" / "vocabulary.py"


@dataclass(frozen=True)
class GeneratedFile:
    """A committed file and how to render its expected content."""

    path: Path
    render: Callable[[], str]

    @property
    def name(self) -> str:
        return str(self.path.relative_to(PROJECT_ROOT))

    def is_current(self) -> bool:
        return self.path.is_file() and self.path.read_text(encoding="utf-8") == self.render()

    def write(self) -> bool:
        """Write the file when it differs; True when it did."""
        if self.is_current():
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.render(), encoding="utf-8")
        return True


def generated_files(model: DomainModel) -> list[GeneratedFile]:
    """Every generated file, the vocabulary module first."""
    from chokepoint.api.schema import SDL_FILE, render_sdl  # the API and RDF stacks load only here
    from chokepoint.api.web_model import WEB_MODEL, render_web_model
    from chokepoint.formats.discovery import RECORD_MODELS
    from chokepoint.formats.jsonschema import render_format_schema, schema_path
    from chokepoint.ingest.registry import SOURCES
    from chokepoint.ingest.source_table import README, with_sources_table
    from chokepoint.rdf.ontology import ontology_turtle

    def readme() -> str:  # only the table between the markers is generated
        return with_sources_table(README.read_text(encoding="utf-8"), SOURCES.values())

    return [
        GeneratedFile(VOCABULARY, partial(render_vocabulary, model)),
        GeneratedFile(SCHEMA_DOC, partial(render_schema_doc, model)),
        GeneratedFile(ONTOLOGY, partial(ontology_turtle, model)),
        GeneratedFile(SDL_FILE, partial(render_sdl, model)),
        GeneratedFile(WEB_MODEL, partial(render_web_model, model)),
        *(GeneratedFile(schema_path(name), partial(render_format_schema, name)) for name in RECORD_MODELS),
        GeneratedFile(README, readme),
    ]


def stale_files(model: DomainModel) -> list[GeneratedFile]:
    return [file for file in generated_files(model) if not file.is_current()]


def write_generated_files(model: DomainModel) -> list[Path]:
    """Write every generated file that differs; returns the paths written."""
    files = generated_files(model)
    vocabulary, rest = files[0], files[1:]
    if vocabulary.write() and model.source_dir is not None:
        # This interpreter holds the old vocabulary (the format models were built with it): a fresh
        # one, importing the new module, renders the rest.
        command = [sys.executable, "-m", __name__, str(model.source_dir)]
        child = subprocess.run(command, check=True, cwd=PROJECT_ROOT, capture_output=True, text=True)
        return [vocabulary.path, *(Path(line) for line in child.stdout.splitlines())]
    return [file.path for file in rest if file.write()]


if __name__ == "__main__":
    from chokepoint.schema import load_model

    for written in write_generated_files(load_model(Path(sys.argv[1]))):
        print(written)  # read by the parent process
