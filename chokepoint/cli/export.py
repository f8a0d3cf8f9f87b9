"""``chokepoint export``: a subgraph or an investigation's result as a link chart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from chokepoint import composition
from chokepoint.cli.investigate import parse_params
from chokepoint.cli.output import console
from chokepoint.errors import InvalidInput
from chokepoint.exports.service import ExportFormat, export
from chokepoint.exports.subgraph import ExportShapes, select
from chokepoint.investigations.catalog import find as find_investigation
from chokepoint.investigations.runner import run
from chokepoint.settings import load_settings


def export_chart(
    output: Annotated[Path, typer.Option("--out", "-o", help="File to write (a folder for csv)")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="anx, mtgx, gexf, graphml, cytoscape, csv")
    ],
    ids: Annotated[str | None, typer.Option(help="Comma-separated node ids to start from")] = None,
    investigation: Annotated[
        str | None, typer.Option(help="Saved investigation whose result to chart")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="k=v for the investigation")
    ] = None,
    hops: Annotated[int, typer.Option(min=0, max=4, help="Neighbourhood to add around the start nodes")] = 0,
    max_nodes: Annotated[int, typer.Option(min=1, help="Stop expanding at this many nodes")] = 100_000,
) -> None:
    """Write a link chart: start from ids or an investigation's result, add ``--hops`` of neighbourhood."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        seeds = [part.strip() for part in (ids or "").split(",") if part.strip()]
        if investigation is not None:
            rows = run(
                graph, find_investigation(settings.queries_dir, investigation), parse_params(param or [])
            )
            seeds += seed_ids(rows)
        elif not seeds:
            raise InvalidInput("give --ids or --investigation")
        model = composition.model_of(settings)
        subgraph = select(graph, list(dict.fromkeys(seeds)), hops, max_nodes, ExportShapes.of(model))
        nodes, edges = export(subgraph, model, fmt, output)
    console.print(f"Wrote {output} ({fmt.value}): {nodes} nodes, {edges} relationships")


def seed_ids(rows: list[dict[str, Any]]) -> list[str]:
    """Node ids in an investigation's rows: columns named id / ids or ending in Id / Ids."""
    found: list[str] = []
    for row in rows:
        for column, value in row.items():
            if column in ("id", "ids") or column.endswith(("Id", "Ids")):
                found.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    return found
