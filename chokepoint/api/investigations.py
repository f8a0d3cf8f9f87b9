"""``investigations`` and ``runInvestigation``: the saved investigations of ``queries/`` over the API.

The catalogue and the parameter typing are the CLI's (``chokepoint.investigations``): unknown names
and parameters, and values of the wrong type, are clear errors.

Visibility: every saved investigation takes the viewer's grants as ``$grants`` and checks every
node and relationship it matches against them (the catalogue refuses a file that does not), so its
rows, counts, aggregates and paths are those of the graph the viewer may see; element maps in the
rows (``{id, labels, props}``, ``{type, startId, endId, props}``) are shown through the viewer's view
of provenance and values, as every element of an API answer. Any viewer may run them; a caller may
not set ``grants``. Listing the catalogue reveals no records and is open to every viewer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import strawberry
from strawberry.scalars import JSON

from chokepoint.api import arguments
from chokepoint.api.computed_report import computed_reports
from chokepoint.api.context import RequestContext
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.guided import guided_rows
from chokepoint.api.objects import PageInfo, context_of, page_info, resolver
from chokepoint.api.run_budget import within_investigation_timeout
from chokepoint.graph.queries import CypherQuery
from chokepoint.investigations import catalog, runner
from chokepoint.investigations.elements import grants_view, rows_shown

if TYPE_CHECKING:
    from chokepoint.api.schema import ApiSchema

DEFAULT_ROWS = 100
MAX_ROWS = 1_000


@strawberry.type(description="A typed parameter of a saved investigation.")
class InvestigationParameter:
    name: str
    type: str = strawberry.field(description="string, integer, float, boolean, string[] or integer[]")
    required: bool
    default: JSON | None = strawberry.field(description="Used when the parameter is not given")
    description: str


@strawberry.type(description="A saved investigation (queries/*.cypher): an analyst's Cypher, by name.")
class Investigation:
    name: str
    description: str
    parameters: list[InvestigationParameter]


@strawberry.type
class InvestigationEdge:
    cursor: str
    node: Investigation


@strawberry.type(description="The saved investigations, by name.")
class InvestigationConnection:
    edges: list[InvestigationEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class InvestigationRowEdge:
    cursor: str
    node: JSON = strawberry.field(description="One row: column name → value (dates as ISO text)")


@strawberry.type(description="The rows of one run of a saved investigation.")
class InvestigationResult:
    name: str
    parameters: JSON = strawberry.field(description="Every parameter as bound: given or default")
    columns: list[str]
    edges: list[InvestigationRowEdge]
    page_info: PageInfo
    total_count: int
    report: str | None = strawberry.field(
        default=None,
        description="A report to file (Markdown) for a computed investigation (interdiction_plan: its "
        "parameters, the actions with who can take them and their cost, the pairs disconnected of the "
        "total, the money stopped per asset and the evidence paths); null for a Cypher one",
    )


@strawberry.type
class InvestigationQuery:
    @resolver("The saved investigations, with their typed parameters and defaults")
    def investigations(
        self, info: strawberry.Info, first: int = arguments.MAX_PAGE_SIZE, after: str | None = None
    ) -> InvestigationConnection:
        wanted = arguments.page(first, after)
        found = sorted(catalog.load_catalog(_folder(info)).values(), key=lambda i: i.name)
        chosen = found[wanted.offset : wanted.offset + wanted.first]
        edges = [
            InvestigationEdge(cursor=arguments.encode_cursor(wanted.offset + i), node=_investigation(inv))
            for i, inv in enumerate(chosen)
        ]
        has_next = wanted.offset + len(edges) < len(found)
        return InvestigationConnection(
            edges=edges, page_info=page_info(wanted.offset, len(edges), has_next), total_count=len(found)
        )

    @resolver(
        "Run a saved investigation with typed parameters (a JSON object; omitted ones take their "
        "defaults), over the records the viewer may see; `grants` is the viewer's and cannot be given."
    )
    async def run_investigation(
        self,
        info: strawberry.Info,
        name: str,
        params: JSON | None = None,
        first: int = DEFAULT_ROWS,
        after: str | None = None,
    ) -> InvestigationResult:
        ctx = context_of(info)
        investigation = catalog.find(_folder(info), name[: arguments.MAX_ID_LENGTH])
        if params is not None and not isinstance(params, dict):
            raise InvalidArgument("params: give a JSON object of parameter name → value")
        bound = runner.bind(investigation, params or {})
        wanted = arguments.page(first, after, limit=MAX_ROWS)
        if investigation.computed is not None:
            return await _computed(ctx, investigation, bound, wanted)
        guided = await guided_rows(ctx, investigation, bound)
        if guided is None:
            query = CypherQuery(name=f"investigation {investigation.name}", text=investigation.cypher)
            found = await ctx.reads.investigation(query, bound)
            columns, rows = list(found.columns), list(found)
        else:
            columns, rows = guided
        page = rows[wanted.offset : wanted.offset + wanted.first]
        chosen = rows_shown(page, grants_view(ctx.reads.grants, ctx.registry.logged))  # as the viewer sees
        return _result(investigation, bound, columns, chosen, len(rows), wanted)


async def _computed(
    ctx: RequestContext, investigation: catalog.Investigation, bound: dict[str, Any], wanted: arguments.Page
) -> InvestigationResult:
    """A computed investigation: its use case's rows and report, for the request's viewer, within the
    investigation timeout as a whole (it makes many reads)."""
    report = computed_reports()[str(investigation.computed)]
    found = await within_investigation_timeout(
        ctx, investigation.name, report(ctx, investigation.name, bound)
    )
    page = found.rows[wanted.offset : wanted.offset + wanted.first]
    return _result(
        investigation, bound, list(found.columns), page, len(found.rows), wanted, report=found.markdown
    )


def _result(
    investigation: catalog.Investigation,
    bound: dict[str, Any],
    columns: list[str],
    page: Sequence[Any],
    total: int,
    wanted: arguments.Page,
    report: str | None = None,
) -> InvestigationResult:
    """One page of an investigation's rows (already as the viewer sees them) with its cursors."""
    edges = [
        InvestigationRowEdge(cursor=arguments.encode_cursor(wanted.offset + i), node=_json(row))
        for i, row in enumerate(page)
    ]
    return InvestigationResult(
        name=investigation.name,
        parameters=_json(bound),
        columns=columns,
        edges=edges,
        page_info=page_info(wanted.offset, len(edges), wanted.offset + len(edges) < total),
        total_count=total,
        report=report,
    )


def _folder(info: strawberry.Info) -> Path:
    """The saved investigations' folder (``CHOKEPOINT_QUERIES_DIR``), as read when the app was built."""
    return cast("ApiSchema", info.schema).queries_dir


def _investigation(investigation: catalog.Investigation) -> Investigation:
    parameters = [
        InvestigationParameter(
            name=p.name, type=p.type, required=p.required, default=_json(p.default), description=p.description
        )
        for p in investigation.parameters
    ]
    return Investigation(
        name=investigation.name, description=investigation.description, parameters=parameters
    )


def _json(value: Any) -> Any:
    """A JSON-safe copy: dates and times as ISO text, non-finite floats as null, other values as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


API_TYPES: tuple[type, ...] = (
    InvestigationParameter,
    Investigation,
    InvestigationEdge,
    InvestigationConnection,
    InvestigationRowEdge,
    InvestigationResult,
    InvestigationQuery,
)
