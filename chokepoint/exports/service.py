"""Write a subgraph in one of the link-chart formats: the export use case of the CLI and the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from threading import Event
from typing import Any

from chokepoint.deconfliction.pointers import ViewerPointers
from chokepoint.errors import InvalidInput
from chokepoint.exports.anx import write_anx
from chokepoint.exports.attributes import Attribute, edge_attributes, node_attributes
from chokepoint.exports.csv_files import write_csv
from chokepoint.exports.cytoscape import write_cytoscape
from chokepoint.exports.force_layout import FORCE_MAX_NODES, ForceLayout
from chokepoint.exports.gexf import write_gexf
from chokepoint.exports.graphml import write_graphml
from chokepoint.exports.layout import Layout, Placement, holds_a_chain
from chokepoint.exports.linkurious_csv import write_linkurious_csv
from chokepoint.exports.mtgx import write_mtgx
from chokepoint.exports.neo4j_csv import write_neo4j_csv
from chokepoint.exports.styles import node_styles
from chokepoint.exports.subgraph import ExportShapes, Subgraph, select
from chokepoint.exports.view import POINTERS_ATTRIBUTE, ExportView
from chokepoint.exports.wallet_clusters import cluster_overlay
from chokepoint.graph import Graph
from chokepoint.investigations.catalog import find as find_investigation
from chokepoint.investigations.runner import every_grant, grant_parameter, run
from chokepoint.schema import DomainModel

MAX_HOPS = 4

POINTERS = Attribute(POINTERS_ATTRIBUTE, "string")  # deconfliction: "OWNER: desk; phone | …"


class ExportFormat(StrEnum):
    anx = "anx"
    mtgx = "mtgx"
    gexf = "gexf"
    graphml = "graphml"
    cytoscape = "cytoscape"
    csv = "csv"
    neo4j_csv = "neo4j-csv"
    linkurious_csv = "linkurious-csv"


FOLDER_FORMATS = frozenset({ExportFormat.csv, ExportFormat.neo4j_csv, ExportFormat.linkurious_csv})
# Records to load into a database as they are stored: a viewer's computed wallet clusters would be
# stored by the load, and clusters are never stored (ARCHITECTURE.md), so these formats refuse them.
STORED_FORMATS = frozenset({ExportFormat.neo4j_csv})


def check_clusters(fmt: str, clusters: bool) -> None:
    """Refuse ``clusters`` for a format that is records to load as stored (RDF ones are checked by
    the caller, which knows them): a drawn cluster is one viewer's, computed, never stored."""
    if clusters and fmt in STORED_FORMATS:
        raise InvalidInput(
            f"clusters: the {fmt} export is records to load into a database as stored; wallet clusters "
            "are computed for one viewer's chart and never stored"
        )


PLACED_FORMATS = frozenset(
    {ExportFormat.anx, ExportFormat.mtgx, ExportFormat.gexf, ExportFormat.graphml, ExportFormat.cytoscape}
)


class LayoutChoice(StrEnum):
    """How a chart is laid out: ``layered`` columns by role along the supply chain, ``force`` a
    force-directed layout (charts of at most ``FORCE_MAX_NODES`` nodes; larger ones get the layered
    one), ``auto`` layered when the chart holds a supplier and a distribution cell, else force."""

    auto = "auto"
    layered = "layered"
    force = "force"


@dataclass(frozen=True)
class Selection:
    """What to chart: seed ids and/or the ids in a saved investigation's rows, plus ``hops`` of
    neighbourhood, at most ``max_nodes`` nodes."""

    ids: tuple[str, ...] = ()
    investigation: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    hops: int = 0
    max_nodes: int = 100_000
    clusters: bool = False  # draw the viewer's co-spend wallet clusters of the chart's UTXO addresses


def select_for(
    graph: Graph,
    model: DomainModel,
    queries_dir: Path,
    selection: Selection,
    grants: Sequence[str] | None = None,
    pointers: ViewerPointers | None = None,
    stop: Event | None = None,
) -> Subgraph:
    """The subgraph ``selection`` names, as a viewer holding ``grants`` may see it (None: every
    element as stored, the CLI's view). The investigation runs as that viewer too. ``stop`` set (the
    API's client went away) ends the cluster walks: ``subgraph.ExportCancelled``."""
    if not 0 <= selection.hops <= MAX_HOPS:
        raise InvalidInput(f"hops must be between 0 and {MAX_HOPS}, not {selection.hops}")
    if selection.max_nodes < 1:
        raise InvalidInput(f"maxNodes must be at least 1, not {selection.max_nodes}")
    seeds = list(selection.ids)
    if selection.investigation is not None:
        investigation = find_investigation(queries_dir, selection.investigation)
        seeds += seed_ids(run(graph, investigation, selection.parameters, grants))
        if not seeds:
            raise InvalidInput(f"investigation {selection.investigation} found nothing to chart")
    elif not seeds:
        raise InvalidInput("give the ids to start from, or an investigation")
    view = None if grants is None else ExportView.of(model, grant_parameter(grants), pointers)
    shapes = ExportShapes.of(model)
    chosen = select(graph, list(dict.fromkeys(seeds)), selection.hops, selection.max_nodes, shapes, view)
    if not selection.clusters:
        return chosen
    seen_as = every_grant(graph) if view is None else view.grants
    overlay = cluster_overlay(graph, chosen.ids, seen_as, stop)
    return replace(
        chosen,
        computed_nodes=overlay.nodes,
        computed_edges=overlay.edges,
        computed_cut=overlay.clusters_cut,
    )


def seed_ids(rows: list[dict[str, Any]]) -> list[str]:
    """Node ids in an investigation's rows: columns named id / ids or ending in Id / Ids."""
    found: list[str] = []
    for row in rows:
        for column, value in row.items():
            if column in ("id", "ids") or column.endswith(("Id", "Ids")):
                found.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    return found


def placement_for(subgraph: Subgraph, choice: LayoutChoice) -> Placement:
    """The chart's layout. A force-directed one reads the subgraph once more before it is written
    (its nodes, to see whether it is a chain, and its links' ends): bounded by ``FORCE_MAX_NODES``."""
    if choice is LayoutChoice.layered or len(subgraph.ids) > FORCE_MAX_NODES:
        return Layout()
    nodes = list(subgraph.nodes())
    if choice is LayoutChoice.auto and holds_a_chain(nodes):
        return Layout()
    return ForceLayout.of([node.id for node in nodes], ((e.source, e.target) for e in subgraph.edges()))


def export(
    subgraph: Subgraph,
    model: DomainModel,
    fmt: ExportFormat,
    path: Path,
    layout: LayoutChoice = LayoutChoice.auto,
) -> tuple[int, int]:
    """Write ``subgraph`` to ``path`` (a folder for the ``FOLDER_FORMATS``), laid out as ``layout``
    says (the formats that hold positions); return (nodes, edges) written (a subgraph given a
    ``stop`` ends at its next element once it is set: ``subgraph.ExportCancelled``)."""
    placement = placement_for(subgraph, layout) if fmt in PLACED_FORMATS else None
    node_attrs, edge_attrs, styles = node_attributes(model), edge_attributes(model), node_styles(model)
    if subgraph.view is not None and subgraph.view.pointers is not None:  # declared before any element
        node_attrs, edge_attrs = [*node_attrs, POINTERS], [*edge_attrs, POINTERS]
    nodes, edges = subgraph.nodes(), subgraph.edges()
    if fmt is ExportFormat.csv:
        return write_csv(path, nodes, edges, node_attrs, edge_attrs)
    if fmt is ExportFormat.neo4j_csv:
        return write_neo4j_csv(path, model, nodes, edges)
    if fmt is ExportFormat.linkurious_csv:
        pointers = [POINTERS.name] if POINTERS in node_attrs else []
        return write_linkurious_csv(path, model, nodes, edges, pointers)
    if fmt is ExportFormat.mtgx:
        return write_mtgx(path, model, nodes, edges, edge_attrs, placement)
    with path.open("wb") as out:
        if fmt is ExportFormat.cytoscape:
            return write_cytoscape(out, nodes, edges, styles, placement)
        if fmt is ExportFormat.anx:
            types = sorted(model.relationships)
            return write_anx(
                out, nodes, edges, node_attrs, edge_attrs, styles, link_types=types, layout=placement
            )
        writer = {
            ExportFormat.gexf: write_gexf,
            ExportFormat.graphml: write_graphml,
        }[fmt]
        return writer(out, nodes, edges, node_attrs, edge_attrs, styles, placement)
