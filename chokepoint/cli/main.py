"""Entry point of the ``chokepoint`` command: subcommands, and errors shown as one clear paragraph."""

from __future__ import annotations

import sys

import typer
from rich.panel import Panel

from chokepoint.cli.db import db_app
from chokepoint.cli.demo import demo
from chokepoint.cli.export import export_chart
from chokepoint.cli.ingest import ingest
from chokepoint.cli.investigate import investigate
from chokepoint.cli.output import errors
from chokepoint.cli.rdf_cmd import rdf_app
from chokepoint.cli.schema_cmd import schema_app
from chokepoint.errors import ChokepointError

app = typer.Typer(
    help="Chokepoint: follow the money behind fentanyl through one Neo4j knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")
app.add_typer(rdf_app, name="rdf")
app.command(help="Start the database, load the demo investigation and print what it shows.")(demo)
app.command()(ingest)
app.command()(investigate)
app.command(name="export")(export_chart)


def main() -> None:
    try:
        app()
    except ChokepointError as exc:
        errors.print(Panel(str(exc), title=f"[bold red]{type(exc).__name__}", title_align="left"))
        sys.exit(1)
    except KeyboardInterrupt:
        errors.print("Interrupted.")
        sys.exit(130)
