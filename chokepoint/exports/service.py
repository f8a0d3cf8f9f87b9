"""Write a subgraph in one of the link-chart formats."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from chokepoint.exports.anx import write_anx
from chokepoint.exports.attributes import edge_attributes, node_attributes
from chokepoint.exports.csv_files import write_csv
from chokepoint.exports.cytoscape import write_cytoscape
from chokepoint.exports.gexf import write_gexf
from chokepoint.exports.graphml import write_graphml
from chokepoint.exports.mtgx import write_mtgx
from chokepoint.exports.styles import node_styles
from chokepoint.exports.subgraph import Subgraph
from chokepoint.schema import DomainModel


class ExportFormat(StrEnum):
    anx = "anx"
    mtgx = "mtgx"
    gexf = "gexf"
    graphml = "graphml"
    cytoscape = "cytoscape"
    csv = "csv"


def export(subgraph: Subgraph, model: DomainModel, fmt: ExportFormat, path: Path) -> tuple[int, int]:
    """Write ``subgraph`` to ``path`` (a folder for CSV); return (nodes, edges) written."""
    node_attrs, edge_attrs, styles = node_attributes(model), edge_attributes(model), node_styles(model)
    if fmt is ExportFormat.csv:
        return write_csv(path, subgraph.nodes(), subgraph.edges(), node_attrs, edge_attrs)
    if fmt is ExportFormat.mtgx:
        return write_mtgx(path, model, subgraph.nodes(), subgraph.edges(), edge_attrs)
    with path.open("wb") as out:
        if fmt is ExportFormat.cytoscape:
            return write_cytoscape(out, subgraph.nodes(), subgraph.edges(), styles)
        writer = {
            ExportFormat.anx: write_anx,
            ExportFormat.gexf: write_gexf,
            ExportFormat.graphml: write_graphml,
        }[fmt]
        return writer(out, subgraph.nodes(), subgraph.edges(), node_attrs, edge_attrs, styles)
