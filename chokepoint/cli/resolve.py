"""``chokepoint resolve run | split | explain``: identity resolution over SAME_AS links."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Annotated

import typer

from chokepoint import composition
from chokepoint.alerts.service import alerts_after_resolution
from chokepoint.cli.alerts_cmd import print_fired
from chokepoint.cli.exposure_cmd import floor_states, print_stale_floors
from chokepoint.cli.output import console, table
from chokepoint.resolution import service
from chokepoint.settings import load_settings

resolve_app = typer.Typer(
    help="Identity resolution: link records of the same party (SAME_AS), explain and undo it.",
    no_args_is_help=True,
)


@resolve_app.command("run")
def run_command() -> None:
    """Link every pair the rules decide in each visibility class (idempotent), then refresh resolvedIds."""
    settings = load_settings()
    model = composition.model_of(settings)
    started = dt.datetime.now(dt.UTC)
    with composition.connect(settings) as graph:
        with console.status("Resolving identities…"):
            report = service.run(graph, model)
        fired = alerts_after_resolution(graph, model, started)
        floors = floor_states(graph)
    rows = [[rule, count] for rule, count in sorted(report.linked.items())]
    console.print(table(f"New SAME_AS links among {report.parties:,} parties", ["rule", "count"], rows))
    if report.not_linked:
        rows = [[reason, count] for reason, count in sorted(report.not_linked.items())]
        console.print(table("Candidates not linked", ["reason", "count"], rows))
    console.print(
        f"{report.clusters:,} clusters over {report.views:,} visibility classes; "
        f"{report.updated:,} decisions re-marked and {report.removed:,} no longer made; "
        f"{report.exceptions:,} resting on several grants at once (visible to no partner); "
        f"resolvedId (PUBLIC clusters) changed on {report.resolved_ids_changed:,} nodes; "
        f"{report.caveats_updated:,} split caveats raised; {report.name_candidates:,} name candidate "
        f"pairs; {report.skipped_blocks:,} oversized name blocks and {report.skipped_groups:,} "
        f"over-shared identifiers skipped."
    )
    print_fired(fired)
    print_stale_floors(floors)


@resolve_app.command()
def split(
    node: Annotated[str, typer.Argument(help="Id of the node to split off")],
    others: Annotated[
        list[str] | None, typer.Argument(help="Ids to split it from; omit to split it from all its links")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why they are not the same party")] = "",
    by: Annotated[str | None, typer.Option(help="Who decides (default: the login name)")] = None,
) -> None:
    """Remove SAME_AS links of NODE and record NOT_SAME_AS so that no later run re-merges them."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        result = service.split(graph, node, others or [], reason, by or getpass.getuser())
    removed = ", ".join(result.removed) or "none"
    apart = ", ".join(result.kept_apart) or "none"
    console.print(f"Removed SAME_AS to: {removed}. Kept apart from: {apart} ({result.new_splits} new).")


@resolve_app.command()
def explain(node: Annotated[str, typer.Argument(help="Id of any node of the cluster")]) -> None:
    """Print a node's cluster: every member and every merge or split decision."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        result = service.explain(graph, node)
    cluster = result.resolved_id or f"{node} (not merged with anything)"
    members = [[m.id, m.label, m.name, m.dataset, m.agency, m.caveat] for m in result.members]
    console.print(table(f"Cluster {cluster}", ["id", "type", "name", "dataset", "agency", "caveat"], members))
    console.print("Decisions:" if result.decisions else "No SAME_AS or NOT_SAME_AS decisions.")
    for decision in result.decisions:
        console.print(_decision_text(decision), highlight=False, markup=False)


def _decision_text(decision: service.LinkDecision) -> str:
    """One decision as a short paragraph: readable at any terminal width."""
    props = decision.properties
    marked = ", ".join(props.get("markings") or [str(props.get("caveat"))])  # who may see it
    head = f"{decision.type} {decision.source} — {decision.target}  [{marked}]"
    if decision.type == "SAME_AS":
        records = ", ".join(props.get("records") or [])
        return (
            f"{head}  rule {props.get('rule')}  score {props.get('score')}  decided {props.get('decidedAt')}"
            f"\n  records: {records}\n  why: {props.get('explanation')}"
        )
    return (
        f"{head}  split by {props.get('decidedBy')} on {props.get('decidedAt')}\n  why: {props.get('reason')}"
    )
