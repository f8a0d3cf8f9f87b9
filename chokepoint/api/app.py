"""Composition of the API: model → generated types → schema (with its security extensions) → ASGI
app with its driver, authentication, persisted queries and audit log.

Nothing runs at import time; ``chokepoint serve`` and the tests call :func:`create_app`.
"""

from __future__ import annotations

from chokepoint import composition
from chokepoint.alerts.rules import rules_of
from chokepoint.api.admission import ExpensiveRequests
from chokepoint.api.export_route import Exports
from chokepoint.api.http import Authenticate, GraphQLApp
from chokepoint.api.schema import build_registry, build_schema
from chokepoint.api.security.setup import ApiSecurity, api_security
from chokepoint.api.web_route import WebAssets
from chokepoint.graph import Graph
from chokepoint.graph.async_adapter import AsyncGraph, ReadPolicy
from chokepoint.interdiction.catalogue import catalogue_of
from chokepoint.investigations.catalog import load_catalog
from chokepoint.settings import Settings


def create_app(
    settings: Settings, authenticate: Authenticate | None = None, security: ApiSecurity | None = None
) -> GraphQLApp:
    """The API over the configured database, secured as ``settings`` say (see ``api_security``).

    ``authenticate`` replaces the hook the settings give (tests name their viewer this way).
    """
    model = composition.model_of(settings)
    registry = build_registry(model)
    secured = security or api_security(settings)
    if any(settings.queries_dir.glob("*.cypher")):
        load_catalog(settings.queries_dir)  # a malformed or unfiltered investigation stops the start
    catalogue_of(model)  # so does a malformed interdiction actions file
    rules_of(model)  # or watch rules file

    async def connect() -> AsyncGraph:
        user, password = composition.credentials(settings)
        return await AsyncGraph.connect(
            settings.bolt_uri, user, password, settings.neo4j_database, read_policy(settings)
        )

    def connect_for_exports() -> Graph:
        user, password = composition.credentials(settings)
        return Graph.connect(
            settings.bolt_uri, user, password, settings.neo4j_database, settings.api_investigation_timeout_s
        )

    exports = Exports(
        connect_for_exports, model, settings.queries_dir, settings.api_export_max_nodes, secured.pointers
    )
    return GraphQLApp(
        build_schema(
            registry,
            extensions=secured.extensions,
            queries_dir=settings.queries_dir,
            watch_limit=settings.api_watch_limit,
        ),
        registry,
        connect,
        authenticate or secured.authenticate,
        persisted=secured.persisted,
        audit=secured.audit,
        limits=secured.limits,
        expensive=ExpensiveRequests(settings.api_expensive_field_names, settings.api_expensive_per_agency),
        exports=exports,
        retry_after_s=settings.api_retry_after_s,
        pointers=secured.pointers,
        webhooks=secured.webhooks,
        web=WebAssets(settings.web_dir),
    )


def read_policy(settings: Settings) -> ReadPolicy:
    """The API's read timeouts and retry budget, from settings."""
    return ReadPolicy(
        timeout_s=settings.api_read_timeout_s,
        long_timeout_s=settings.api_investigation_timeout_s,
        retry_s=settings.api_read_retry_s,
        connect_timeout_s=settings.api_connect_timeout_s,
    )
