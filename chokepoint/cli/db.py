"""``chokepoint db start | stop | status | init | reset | import``."""

from __future__ import annotations

import typer

from chokepoint import composition
from chokepoint.cli.bulk import bulk_import
from chokepoint.cli.output import console, human_bytes
from chokepoint.graph.queries import load_query
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.server import launcher
from chokepoint.settings import load_settings

db_app = typer.Typer(help="Run and prepare the database.", no_args_is_help=True)
db_app.command(name="import")(bulk_import)


@db_app.command()
def start() -> None:
    """Start the embedded Neo4j (resolving it from Maven Central on first use)."""
    settings = load_settings()
    if not settings.embedded:
        version = composition.server_version(settings)
        console.print(
            f"CHOKEPOINT_NEO4J_URI is set: nothing started locally; {settings.bolt_uri} "
            f"answers (Neo4j {version})."
        )
        return
    with console.status("Starting Neo4j (the first start downloads it from Maven Central)…"):
        result = composition.start_embedded(settings)
    if result.already_running:
        console.print(f"Neo4j {result.version} is already running (pid {result.pid}) at {settings.bolt_uri}.")
    else:
        console.print(
            f"Neo4j {result.version} started (pid {result.pid}) at {settings.bolt_uri} "
            f"in {result.seconds:.1f} s."
        )


@db_app.command()
def stop() -> None:
    """Stop the embedded Neo4j."""
    settings = load_settings()
    if not settings.embedded:
        console.print("CHOKEPOINT_NEO4J_URI is set: there is no local server to stop.")
        return
    with console.status("Stopping Neo4j…"):
        stopped = launcher.stop(settings)
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@db_app.command()
def status() -> None:
    """Say whether the database runs, where, which version, and how large its store is."""
    settings = load_settings()
    if settings.embedded and launcher.running_pid(settings) is None:
        console.print(
            f"stopped  (embedded, would listen at {settings.bolt_uri}; "
            f"store {human_bytes(launcher.store_size_bytes(settings))})"
        )
        raise typer.Exit(3)
    version = composition.server_version(settings)
    where = "embedded" if settings.embedded else "external"
    size = f"; store {human_bytes(launcher.store_size_bytes(settings))}" if settings.embedded else ""
    console.print(f"running  ({where}) {settings.bolt_uri}  Neo4j {version}{size}")


@db_app.command()
def init() -> None:
    """Apply the schema's constraints and indexes (idempotent: safe to run again)."""
    settings = load_settings()
    model = composition.model_of(settings)
    with composition.connect(settings) as graph:
        created = apply_schema(graph, model)
    console.print(
        f"Schema applied: {len(created)} new constraints/indexes "
        f"({len(model.nodes)} node types, {len(model.relationships)} relationship types)."
    )


@db_app.command()
def reset(yes: bool = typer.Option(False, "--yes", help="Confirm without asking")) -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    settings = load_settings()
    if not yes:
        typer.confirm(f"Delete ALL data in {settings.bolt_uri} ({settings.neo4j_database})?", abort=True)
    with composition.connect(settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
    console.print("Database emptied.")
