"""``chokepoint export``: a subgraph or an investigation's result as a link chart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chokepoint import composition
from chokepoint.cli.investigate import parse_params
from chokepoint.cli.output import console
from chokepoint.exports import wallet_clusters
from chokepoint.exports.service import (
    ExportFormat,
    LayoutChoice,
    Selection,
    check_clusters,
    export,
    select_for,
)
from chokepoint.settings import load_settings


def export_chart(
    output: Annotated[Path, typer.Option("--out", "-o", help="File to write (a folder for the csv formats)")],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="anx, mtgx, gexf, graphml, cytoscape, csv, neo4j-csv, linkurious-csv"
        ),
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
    layout: Annotated[
        LayoutChoice,
        typer.Option(
            help="auto: layered by role when the chart holds a supplier and a cell, else force-directed "
            "(up to 500 nodes); layered; force"
        ),
    ] = LayoutChoice.auto,
    clusters: Annotated[
        bool,
        typer.Option(
            "--clusters", help="Draw the co-spend wallet clusters of the chart's bitcoin-family addresses"
        ),
    ] = False,
) -> None:
    """Write a link chart: start from ids or an investigation's result, add ``--hops`` of neighbourhood."""
    settings = load_settings()
    seeds = tuple(part.strip() for part in (ids or "").split(",") if part.strip())
    selection = Selection(seeds, investigation, parse_params(param or []), hops, max_nodes, clusters)
    check_clusters(fmt.value, clusters)
    with composition.connect(settings) as graph:
        model = composition.model_of(settings)
        subgraph = select_for(graph, model, settings.queries_dir, selection)
        nodes, edges = export(subgraph, model, fmt, output, layout)
    most, walks = wallet_clusters.MAX_CLUSTERS, wallet_clusters.MAX_WALKS
    caps = f"a chart draws at most {most} and walks at most {walks:,}"
    cut = f"; not all: {caps}" if subgraph.computed_cut else ""
    drawn = f" (wallet clusters drawn: {len(subgraph.computed_nodes)}{cut})" if clusters else ""
    console.print(f"Wrote {output} ({fmt.value}): {nodes} nodes, {edges} relationships{drawn}")
