"""JSON Schemas of the agency record formats, generated from their pydantic models.

One file per format, ``docs/formats/<format>.schema.json``: the whole JSON file (envelope plus
records). A test fails when a committed schema differs from what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chokepoint.formats.common import Envelope
from chokepoint.formats.discovery import RECORD_MODELS
from chokepoint.settings import PROJECT_ROOT

FORMATS_DIR = PROJECT_ROOT / "docs" / "formats"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def format_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a whole ``name`` file: the envelope with ``format`` fixed to ``name``."""
    model = RECORD_MODELS[name]
    schema = Envelope[model].model_json_schema()  # type: ignore[valid-type]
    schema["properties"]["format"] = {"const": name, "description": "Name of the format"}
    record = schema["properties"]["records"]
    record["description"] = f"{name} records; each is validated alone, and a bad one is rejected"
    return {"$schema": DIALECT, **schema, "title": f"{name} file (version 1)"}


def render_format_schema(name: str) -> str:
    return json.dumps(format_schema(name), indent=2, ensure_ascii=False) + "\n"


def schema_path(name: str, directory: Path = FORMATS_DIR) -> Path:
    return directory / f"{name}.schema.json"


def write_format_schemas(directory: Path = FORMATS_DIR) -> list[Path]:
    """Write every format's schema file; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in RECORD_MODELS:
        path = schema_path(name, directory)
        path.write_text(render_format_schema(name), encoding="utf-8")
        paths.append(path)
    return paths
