"""What a computed investigation (``queries/*.computed``) answers, and which use case answers each.

A computed investigation is an analysis Cypher cannot express; its use case runs for the request's
viewer and gives rows (one page of them per request) and a Markdown report to file. The catalogue
checks each file's parameters against :data:`chokepoint.investigations.computed.COMPUTED`; a unit test
checks that every name there has its report here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chokepoint.api.context import RequestContext


@dataclass(frozen=True)
class Report:
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    markdown: str


ReportUseCase = Callable[["RequestContext", str, Mapping[str, Any]], Awaitable[Report]]


def computed_reports() -> dict[str, ReportUseCase]:
    """Each computed use case's report, by the name its ``// computed:`` header gives."""
    from chokepoint.api.cluster_report import wallet_cluster_report  # they import Report from here
    from chokepoint.api.plan_report import interdiction_report

    return {"interdiction_plan": interdiction_report, "wallet_clusters": wallet_cluster_report}
