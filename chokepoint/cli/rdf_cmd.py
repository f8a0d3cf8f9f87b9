"""``chokepoint rdf ontology | export | import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chokepoint import composition
from chokepoint.cli.output import console
from chokepoint.exports.subgraph import ExportShapes, select, whole_graph
from chokepoint.generated_files import ONTOLOGY
from chokepoint.rdf.exchange import RdfFormat, export_rdf, import_rdf
from chokepoint.rdf.ontology import ontology_turtle
from chokepoint.settings import load_settings

rdf_app = typer.Typer(help="RDF: the ontology, export and import.", no_args_is_help=True)


@rdf_app.command()
def ontology(output: Annotated[Path, typer.Option("--out", "-o")] = ONTOLOGY) -> None:
    """Write the OWL ontology generated from schema/ (Turtle); `schema generate` writes it too."""
    output.write_text(render_ontology(), encoding="utf-8")
    console.print(f"Wrote {output}")


def render_ontology() -> str:
    return ontology_turtle(composition.model_of(load_settings()))


@rdf_app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("--out", "-o", help="File to write")],
    fmt: Annotated[
        RdfFormat, typer.Option("--format", "-f", help="turtle, nt or json-ld")
    ] = RdfFormat.turtle,
    ids: Annotated[
        str | None, typer.Option(help="Comma-separated start ids; omit for the whole graph")
    ] = None,
    hops: Annotated[int, typer.Option(min=0, max=4)] = 0,
) -> None:
    """Export the graph, or a subgraph around --ids, as RDF."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        model = composition.model_of(settings)
        seeds = [part.strip() for part in (ids or "").split(",") if part.strip()]
        shapes = ExportShapes.of(model)
        subgraph = select(graph, seeds, hops, shapes=shapes) if seeds else whole_graph(graph, shapes)
        nodes, rels = export_rdf(subgraph, model, fmt, output)
    console.print(f"Wrote {output} ({fmt.value}): {nodes} nodes, {rels} relationships")


@rdf_app.command("import")
def import_command(path: Annotated[Path, typer.Argument(help="Turtle, N-Triples or JSON-LD file")]) -> None:
    """Restore nodes and relationships from an RDF export (properties as given)."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        nodes, rels = import_rdf(graph, composition.model_of(settings), path)
    console.print(f"Imported {nodes} nodes and {rels} relationships from {path}")
