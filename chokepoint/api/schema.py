"""Build the GraphQL schema from a domain model, and export its SDL.

``build_schema`` is the extension point: later root fields (supply chains, chokepoints, saved
investigations) and security extensions (limits, masking, audit) are passed in here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry.types.base import get_object_definition

from chokepoint.alerts.desk import DEFAULT_WATCH_LIMIT
from chokepoint.api import (
    alerts,
    chains,
    chokepoints,
    co_spend_cluster,
    deconfliction,
    export_link,
    interdiction,
    investigations,
    money_chains,
    objects,
)
from chokepoint.api.address import AddressReport
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.execution import ApiExecutionContext
from chokepoint.api.query import Query
from chokepoint.api.security.masking import is_expected
from chokepoint.schema.model import DomainModel
from chokepoint.settings import PROJECT_ROOT, Settings

SDL_FILE = PROJECT_ROOT / "api" / "schema.graphql"
DEFAULT_QUERIES_DIR: Path = Settings.model_fields["queries_dir"].default
_FIXED_TYPES: tuple[type, ...] = (
    objects.PageInfo,
    objects.Entity,
    objects.Relationship,
    objects.GenericEntity,
    objects.GenericRelationship,
    objects.EntityEdge,
    objects.EntityConnection,
    objects.TypeCount,
    objects.NeighborEdge,
    objects.NeighborConnection,
    objects.Hop,
    objects.Path,
    objects.PathEdge,
    objects.PathConnection,
    objects.TransferEdge,
    objects.TransferConnection,
    objects.SanctionsExposure,
    objects.DeconflictionPointer,
    AddressReport,
    Query,
    *chains.API_TYPES,
    *chokepoints.API_TYPES,
    *interdiction.API_TYPES,
    *money_chains.API_TYPES,
    *investigations.API_TYPES,
    *deconfliction.API_TYPES,
    *alerts.API_TYPES,
    *co_spend_cluster.API_TYPES,
)
RESERVED_NAMES = frozenset(
    {get_object_definition(t, strict=True).name for t in _FIXED_TYPES}
    | {"Direction", "Mutation", "Subscription", "String", "Int", "Float", "Boolean", "ID", "Date", "DateTime"}
    | {"JSON"}  # the scalar of saved investigations' rows
)
# The root type: entity, search, address, neighbors, paths + supplyChains, chokepoints, interdictionPlan,
# temporalMoneyChains, investigations, exportLink, deconflictionNotices, deconflictionReport,
# watchRules, watches and alerts.
ROOT_QUERY = merge_types(
    "Query",
    (
        Query,
        chains.SupplyChainQuery,
        chokepoints.ChokepointQuery,
        interdiction.InterdictionQuery,
        money_chains.MoneyChainQuery,
        investigations.InvestigationQuery,
        export_link.ExportLinkQuery,
        deconfliction.DeconflictionQuery,
        alerts.AlertQuery,
    ),
)

# The root mutation type: watch, unwatch and acknowledgeAlerts (the API's own bookkeeping; the domain
# graph is written by ingest only).
ROOT_MUTATION = merge_types("Mutation", (alerts.AlertMutation,))
# The root subscription type: alerts, live (over WebSocket: chokepoint/api/websocket.py).
ROOT_SUBSCRIPTION = merge_types("Subscription", (alerts.AlertSubscription,))


class ApiSchema(strawberry.Schema):
    """The schema; expected errors (bad arguments, an unreachable database) are not logged as crashes;
    the others (masked for the caller by ``SecurityPolicy``) are logged with their traceback.

    ``queries_dir`` (the saved investigations) and ``watch_limit`` (active watches per agency) are read
    from the settings once, when the app is built; resolvers reach them through ``info.schema``
    instead of reading settings per request.
    """

    def __init__(self, *, queries_dir: Path, watch_limit: int = DEFAULT_WATCH_LIMIT, **options: Any) -> None:
        super().__init__(**options)
        self.queries_dir = queries_dir
        self.watch_limit = watch_limit

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [e for e in errors if not is_expected(e)]
        super().process_errors(unexpected, execution_context)


def build_registry(model: DomainModel) -> TypeRegistry:
    return TypeRegistry(model, RESERVED_NAMES)


def build_schema(
    registry: TypeRegistry,
    extensions: Sequence[Callable[[], SchemaExtension]] = (),
    queries_dir: Path = DEFAULT_QUERIES_DIR,
    watch_limit: int = DEFAULT_WATCH_LIMIT,
) -> strawberry.Schema:
    """The schema of one model; ``extensions`` (classes or factories, one instance per operation)
    run around every operation: ``chokepoint.api.security`` passes limits, masking and introspection."""
    return ApiSchema(
        queries_dir=queries_dir,
        watch_limit=watch_limit,
        query=ROOT_QUERY,
        mutation=ROOT_MUTATION,
        subscription=ROOT_SUBSCRIPTION,
        types=registry.types(),
        extensions=list(extensions),
        execution_context_class=ApiExecutionContext,
    )


def render_sdl(model: DomainModel) -> str:
    """The SDL of the model's API, as committed in ``api/schema.graphql``."""
    return build_schema(build_registry(model)).as_str() + "\n"


def write_sdl(model: DomainModel, path: Path = SDL_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_sdl(model), encoding="utf-8")
    return path
