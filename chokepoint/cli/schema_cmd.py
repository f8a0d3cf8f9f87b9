"""``chokepoint schema docs``, ``chokepoint schema check`` and ``chokepoint schema formats``."""

from __future__ import annotations

import typer

from chokepoint import app as composition
from chokepoint.cli.output import console
from chokepoint.formats.jsonschema import write_format_schemas
from chokepoint.ingest.registry import SOURCES
from chokepoint.ingest.source_table import write_sources_table
from chokepoint.schema.docs import render_schema_doc
from chokepoint.settings import PROJECT_ROOT, load_settings

schema_app = typer.Typer(help="Inspect the domain model.", no_args_is_help=True)
SCHEMA_DOC = PROJECT_ROOT / "docs" / "schema.md"


@schema_app.command()
def check() -> None:
    """Load and validate every schema file."""
    model = composition.model_of(load_settings())
    console.print(f"Schema OK: {len(model.nodes)} node types, {len(model.relationships)} relationship types.")


@schema_app.command()
def docs() -> None:
    """Regenerate docs/schema.md from schema/."""
    SCHEMA_DOC.write_text(render_schema_doc(composition.model_of(load_settings())), encoding="utf-8")
    console.print(f"Wrote {SCHEMA_DOC.relative_to(PROJECT_ROOT)}")


@schema_app.command()
def formats() -> None:
    """Regenerate docs/formats/<format>.schema.json from the format models, and README's sources table."""
    for path in [*write_format_schemas(), write_sources_table(SOURCES.values())]:
        console.print(f"Wrote {path.relative_to(PROJECT_ROOT)}")
