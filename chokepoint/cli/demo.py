"""``chokepoint demo``: the main job on the embedded default, end to end."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from chokepoint import composition
from chokepoint.alerts.evaluate import AlertDraft
from chokepoint.alerts.service import ingest_watched
from chokepoint.cli.alerts_cmd import alerts_of, ensure_watch
from chokepoint.cli.exposure_cmd import KINDS, print_floors
from chokepoint.cli.in_process import ask, every_grant
from chokepoint.cli.ingest import print_report
from chokepoint.cli.interdict import ask_plan, plan_lines, step_lines
from chokepoint.cli.investigate import RUN_QUERY
from chokepoint.cli.output import console, table
from chokepoint.cli.progress import ProgressBar
from chokepoint.cli.serve import serve
from chokepoint.demo.plan import DemoStep, demo_steps, watched_slice
from chokepoint.demo.report import (
    MONEY_CHAINS,
    SHORTEST_CHAINS,
    WALLET_CLUSTERS,
    cluster_lines,
    one_per_supplier,
    report_lines,
)
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.graph.schema_sync import apply_schema
from chokepoint.ingest.registry import opener
from chokepoint.ingest.service import rejects_file
from chokepoint.investigations import catalog, runner
from chokepoint.resolution import service as resolution
from chokepoint.schema import DomainModel
from chokepoint.settings import Settings, load_settings

REPORTED_CHAINS = 6
REPORTED_CLUSTERS = 3
CHAINS_CONSIDERED = 1000
CHAIN_REPORTS = (
    (MONEY_CHAINS, "Supplier → broker → wallets → cartel → US cell (best paid first)"),
    (SHORTEST_CHAINS, "Shortest links of any kind between suppliers and US cells"),
)


def demo(
    serve_api: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="Serve the GraphQL API once loaded (Ctrl-C stops it; Neo4j stays up)"
        ),
    ] = True,
    host: Annotated[str, typer.Option(help="Interface the API listens on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The API's TCP port")] = 8000,
) -> None:
    """Start the database, load the demo investigation, resolve identities, print the chains and the
    cheapest interdiction plan, and serve the GraphQL API over it."""
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
        for step in demo_steps(settings):
            _load(graph, model, settings, step)  # no watch yet on a first run: nothing fires
        with console.status("Resolving identities…"):
            resolved = resolution.run(graph, model)
        linked = ", ".join(f"{rule} {count}" for rule, count in sorted(resolved.linked.items())) or "none new"
        console.print(f"Identity resolution: {resolved.clusters} clusters; new SAME_AS links: {linked}")
        _print_summary(graph, model.base_label)
        _print_chains(graph, settings)
    _print_wallet_clusters(settings)
    _print_plan(settings)
    with composition.connect(settings) as graph:
        _watch_and_alert(graph, model, settings)
        for kind in KINDS:  # last: a write after them would void them
            with console.status(f"Computing {kind.name}…"):
                floors = kind.build(graph, model)
            print_floors(kind, floors)
    console.print(f"\nThe graph stays up at {settings.bolt_uri}; `chokepoint db stop` stops it.")
    if serve_api:
        console.print(
            f"Serving the GraphQL API at http://{host}:{port}/graphql (docs/api.md has queries to try) and "
            f"the analyst workspace at http://{host}:{port}/ ; Ctrl-C stops them.\n"
        )
        serve(host=host, port=port)


def _load(graph: Graph, model: DomainModel, settings: Settings, step: DemoStep) -> list[AlertDraft]:
    """Load one step with the watches listening; the alerts it fired."""
    fired: list[AlertDraft] = []
    for parsed in opener(step.source)(step.path, step.options):
        started = time.monotonic()
        rejects = rejects_file(settings.home, parsed.provenance.dataset)
        watched = ingest_watched(graph, model, parsed, rejects, ProgressBar())
        print_report(
            f"{step.title} ({step.source})", watched.report, time.monotonic() - started, parsed.total
        )
        if watched.failure is not None:
            console.print(f"[bold red]Warning[/]: {watched.failure}", highlight=False)
        fired += watched.alerts
    return fired


def _watch_and_alert(graph: Graph, model: DomainModel, settings: Settings) -> None:
    """The manifest's watch (IRS-CI on a broker's deposit wallet), the later ledger slice that fires
    it, and the watch's alerts as the agency reads them (``chokepoint alerts`` prints them too)."""
    later = watched_slice(settings.demo_dir / "records")
    if later is None:
        return
    console.print(
        f"\n[bold]Watching[/]: {later.agency} watches {later.subject} ({later.rule} {later.parameters})"
    )
    watch_id = ensure_watch(later.agency, later.rule, later.subject, later.parameters)
    fired = _load(graph, model, settings, later.step)
    console.print(f"The later ledger slice fired {len(fired)} new alert(s).", highlight=False)
    found = alerts_of(later.agency, watch_id)
    console.print(f"{later.agency} has {found['totalCount']} alert(s) on it:", highlight=False)
    for alert in found["alerts"]:
        console.print(f"  {alert['at']}  {alert['summary']}", markup=False, highlight=False)
    console.print(
        f"`chokepoint alerts --agency {later.agency}` lists them, as the API's `alerts` query does; its "
        "subscription delivers new ones live."
    )


def _print_summary(graph: Graph, base_label: str) -> None:
    nodes = graph.read(load_query("count_nodes_by_label"), baseLabel=base_label)
    rels = graph.read(load_query("count_relationships_by_type"))
    console.print(table("Nodes", ["label", "count"], [[r["label"], r["count"]] for r in nodes]))
    console.print(table("Relationships", ["type", "count"], [[r["type"], r["count"]] for r in rels]))


def _print_plan(settings: Settings) -> None:
    """The main job's answer: where to cut, at what cost, by whom (``chokepoint plan`` prints it too)."""
    with console.status("Planning the cheapest cut…"):
        answer = ask_plan(
            settings,
            {"sources": [], "sinks": [], "maxHops": 10, "budget": None, "taken": [], "temporal": None},
        )
    console.print(
        "\n[bold]Where to cut[/]: the cheapest actions (schema/interdiction.yaml) that separate every "
        "supplier from every US cell (`chokepoint plan --budget N` for what a budget buys)"
    )
    for line in [*plan_lines(answer), *step_lines(answer)]:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _print_wallet_clusters(settings: Settings) -> None:
    """The co-spend wallets that hold flagged or attributed addresses, with their figures."""
    variables = {"name": WALLET_CLUSTERS, "params": {}}
    found = ask(settings, RUN_QUERY, variables, every_grant)["runInvestigation"]
    console.print(
        f"\n[bold]Wallet clusters[/]: {found['totalCount']} co-spend wallet(s) holding sanctioned or "
        f"attributed addresses (`chokepoint investigate {WALLET_CLUSTERS} -f markdown` reports them)"
    )
    rows = [edge["node"] for edge in found["edges"]]
    for line in cluster_lines(rows, REPORTED_CLUSTERS):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _print_chains(graph: Graph, settings: Settings) -> None:
    for name, title in CHAIN_REPORTS:
        found = runner.run(graph, catalog.find(settings.queries_dir, name), {"limit": CHAINS_CONSIDERED})
        rows = one_per_supplier(found, REPORTED_CHAINS)
        console.print(
            f"\n[bold]{title}[/]: {len(found)} found, the best per supplier shown "
            f"(`chokepoint investigate {name}` lists them)"
        )
        console.print("each hop: link [evidence: agency, dataset, record, caveat]", style="dim", markup=False)
        for line in report_lines(rows):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
