"""``chokepoint demo``: the main job on the embedded default, end to end."""

from __future__ import annotations

from chokepoint import app as composition
from chokepoint.cli.ingest import print_report
from chokepoint.cli.output import console, table
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.ingest.fixture import open_fixture
from chokepoint.ingest.service import ingest_source, rejects_file
from chokepoint.settings import PROJECT_ROOT, load_settings

DEMO_FILES = ("ofac_excerpt.json", "case_records.json")


def demo() -> None:
    """Start the database, apply the schema, load the demo records and print what they show."""
    settings = load_settings()
    if settings.embedded:
        with console.status("Starting Neo4j (the first start downloads it from Maven Central)…"):
            started = composition.start_embedded(settings)
        state = "already running" if started.already_running else f"started in {started.seconds:.1f} s"
        console.print(f"Neo4j {started.version} {state} at {settings.bolt_uri}")
    model = composition.model_of(settings)
    with composition.connect(settings) as graph:
        created = apply_schema(graph, model)
        console.print(f"Schema: {len(created)} new constraints/indexes")
        for name in DEMO_FILES:
            source = open_fixture(PROJECT_ROOT / "demo" / name)
            report = ingest_source(
                graph, model, source, rejects_file(settings.home, source.provenance.dataset)
            )
            print_report(name, report)
        _print_summary(graph, model.base_label)
    console.print(f"\nThe graph stays up at {settings.bolt_uri}; `chokepoint db stop` stops it.")


def _print_summary(graph: Graph, base_label: str) -> None:
    nodes = graph.read(load_query("count_nodes_by_label"), baseLabel=base_label)
    rels = graph.read(load_query("count_relationships_by_type"))
    console.print(table("Nodes", ["label", "count"], [[r["label"], r["count"]] for r in nodes]))
    console.print(table("Relationships", ["type", "count"], [[r["type"], r["count"]] for r in rels]))
    chains = graph.read(load_query("find_supply_chains"), limit=10)
    console.print(f"\n[bold]Supplier → US cell chains[/] ({len(chains)})")
    for chain in chains:
        names, hops = chain["names"], chain["hops"]
        console.print(f"  {names[0]}")
        for name, hop in zip(names[1:], hops, strict=True):
            console.print(
                f"    → {name}   [dim]({hop['agency']}, {hop['dataset']} record {hop['record']})[/]"
            )
