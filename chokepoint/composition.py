"""Composition root: builds settings, the model, the server and graph connections on request.

Nothing here runs at import time; commands and tests call these functions explicitly.
"""

from __future__ import annotations

from pathlib import Path

from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.schema import DomainModel, load_model
from chokepoint.server import bulk_import, launcher
from chokepoint.server.bulk_import import ImportSummary
from chokepoint.server.launcher import StartResult
from chokepoint.settings import Settings


def model_of(settings: Settings) -> DomainModel:
    return load_model(settings.schema_dir)


def credentials(settings: Settings) -> tuple[str, str]:
    """User and password: the embedded instance's generated one, or the configured one."""
    if settings.embedded:
        return "neo4j", launcher.embedded_password(settings)
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
    return settings.neo4j_user, password


def connect(settings: Settings) -> Graph:
    """Open a verified connection to the configured database (embedded or external)."""
    user, password = credentials(settings)
    return Graph.connect(
        settings.bolt_uri, user, password, settings.neo4j_database, settings.neo4j_read_timeout_s
    )


def server_version(settings: Settings) -> str:
    """Connect, run one query, and return the server's version: the readiness probe."""
    with connect(settings) as graph:
        return str(graph.read(load_query("show_server"))[0]["version"])


def start_embedded(settings: Settings) -> StartResult:
    return launcher.start(settings, server_version)


def bulk_load(settings: Settings, directory: Path) -> ImportSummary:
    """``neo4j-admin database import`` of ``directory`` into the embedded instance, restarted after."""

    def restart() -> Graph:
        start_embedded(settings)
        return connect(settings)

    return bulk_import.bulk_load(settings, directory, model_of(settings), restart)


def pointer_rule_of(settings: Settings) -> PointerRule | None:
    """The deconfliction opt-ins of the access file the settings name (None without one): what
    pointer alerts of an ingest follow, as the API's answers do."""
    if settings.api_config is None:
        return None
    from chokepoint.api.security.config import load_access_config
    from chokepoint.api.security.setup import pointer_rule

    return pointer_rule(load_access_config(settings.api_config))
