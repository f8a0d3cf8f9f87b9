"""Ask the GraphQL API in-process, as one viewer: the CLI commands that print an API answer (the
interdiction plan, deconfliction notices) run the API's own field, so both print one answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from chokepoint import composition
from chokepoint.api.viewer import Viewer
from chokepoint.errors import InvalidInput
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.settings import Settings

ViewerOf = Callable[[AsyncGraph], Awaitable[Viewer]]


def ask(settings: Settings, query: str, variables: dict[str, Any], viewer_of: ViewerOf) -> dict[str, Any]:
    """``query``'s data asked as the viewer ``viewer_of`` gives (it may read the database); the first
    error, if any, as :class:`InvalidInput`."""
    return asyncio.run(_ask(settings, query, variables, viewer_of))


def as_agency(agency: str, settings: Settings) -> ViewerOf:
    """The agency's viewer: its grants under the access file's sharing policy, if there is one (its
    own records and the public ones, without)."""
    from chokepoint.api.security.config import AccessConfig, load_access_config
    from chokepoint.api.security.policy import viewer_for

    config = load_access_config(settings.api_config) if settings.api_config else AccessConfig()

    async def viewer(_graph: AsyncGraph) -> Viewer:
        return viewer_for(agency, config)

    return viewer


async def every_grant(graph: AsyncGraph) -> Viewer:
    """The CLI's "everything" viewer: every grant in the database (the list kept while no write
    came, as for the saved investigations the CLI runs itself)."""
    from chokepoint.investigations.grant_catalogue import grants_present_async

    return Viewer.of("CLI", await grants_present_async(graph))


async def _ask(
    settings: Settings, query: str, variables: dict[str, Any], viewer_of: ViewerOf
) -> dict[str, Any]:
    from chokepoint.api.app import read_policy
    from chokepoint.api.context import request_context
    from chokepoint.api.schema import build_registry, build_schema

    registry = build_registry(composition.model_of(settings))
    user, password = composition.credentials(settings)
    graph = await AsyncGraph.connect(
        settings.bolt_uri, user, password, settings.neo4j_database, read_policy(settings)
    )
    try:
        context = request_context(graph, registry, await viewer_of(graph))
        try:
            result = await build_schema(registry).execute(
                query, variable_values=variables, context_value=context
            )
        finally:
            await context.close()
    finally:
        await graph.close()
    if result.errors:
        raise InvalidInput(result.errors[0].message)
    assert result.data is not None
    return dict(result.data)
