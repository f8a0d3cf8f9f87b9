"""Entry point of the ``chokepoint`` command: subcommands, and errors shown as one clear paragraph."""

from __future__ import annotations

import sys

import typer
from rich.panel import Panel

from chokepoint.cli.alerts_cmd import alerts, watch_app
from chokepoint.cli.api_cmd import api_app
from chokepoint.cli.cluster_cmd import cluster_app
from chokepoint.cli.db import db_app
from chokepoint.cli.deconflict import deconfliction_app
from chokepoint.cli.demo import demo
from chokepoint.cli.excerpt import excerpt
from chokepoint.cli.export import export_chart
from chokepoint.cli.exposure_cmd import chains_app, exposure_app
from chokepoint.cli.generate import generate
from chokepoint.cli.ingest import ingest
from chokepoint.cli.interdict import plan
from chokepoint.cli.investigate import investigate
from chokepoint.cli.output import errors
from chokepoint.cli.rdf_cmd import rdf_app
from chokepoint.cli.resolve import resolve_app
from chokepoint.cli.schema_cmd import schema_app
from chokepoint.cli.serve import serve
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
app.add_typer(resolve_app, name="resolve")
app.add_typer(cluster_app, name="cluster")
app.add_typer(api_app, name="api")
app.add_typer(deconfliction_app, name="deconfliction")
app.add_typer(watch_app, name="watch")
app.add_typer(exposure_app, name="exposure")
app.add_typer(chains_app, name="chains")
app.command()(alerts)
app.command(help="Start the database, load the demo investigation and print what it shows.")(demo)
app.command()(ingest)
app.command()(investigate)
app.command()(plan)
app.command(name="export")(export_chart)
app.command()(excerpt)
app.command()(generate)
app.command()(serve)


def main() -> None:
    try:
        app()
    except ChokepointError as exc:
        errors.print(Panel(str(exc), title=f"[bold red]{type(exc).__name__}", title_align="left"))
        sys.exit(1)
    except KeyboardInterrupt:
        errors.print("Interrupted.")
        sys.exit(130)
