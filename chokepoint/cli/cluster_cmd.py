"""``chokepoint cluster run | explain | split | unsplit | splits``: co-spend wallet clusters of UTXO
transactions, computed for a viewer from the evidence it may see (chokepoint/clustering/service.py)."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, TypeVar

import typer
from rich.markup import escape

from chokepoint import composition
from chokepoint.api import arguments
from chokepoint.api.reads import GraphReads
from chokepoint.cli.in_process import as_agency, every_grant
from chokepoint.cli.output import console, table
from chokepoint.clustering import service, splits
from chokepoint.clustering.change_heuristics import ChangeSuggestion
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.settings import Settings, load_settings

cluster_app = typer.Typer(
    help="Wallet clustering of UTXO transactions (co-spend): run, explain, split and undo a split.",
    no_args_is_help=True,
)
T = TypeVar("T")
AgencyOption = Annotated[
    str | None,
    typer.Option("--agency", help="Answer as this agency sees the graph (default: everything, every grant)"),
]
ChainOption = Annotated[str, typer.Option("--chain", help="bitcoin, bitcoin-cash or litecoin")]


def _as_viewer(settings: Settings, agency: str | None, work: Callable[[GraphReads], Awaitable[T]]) -> T:
    """Run ``work`` over the reads of the chosen viewer (the API's, so both answer alike)."""

    async def main() -> T:
        user, password = composition.credentials(settings)
        graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
        try:
            viewer = await (as_agency(agency, settings) if agency else every_grant)(graph)
            session = graph.session()
            try:
                return await work(GraphReads(session, viewer))
            finally:
                await session.close()
        finally:
            await graph.close()

    return asyncio.run(main())


@cluster_app.command("run")
def run_command(
    agency: AgencyOption = None, top: int = typer.Option(10, help="Largest clusters listed")
) -> None:
    """Cluster every visible UTXO transaction by co-spend: clusters, sizes, CoinJoins skipped,
    transactions disregarded by splits, and change suggestions (never used for membership)."""
    settings = load_settings()
    with console.status("Clustering…"):
        runs = _as_viewer(settings, agency, service.run_all)
    if not runs:
        console.print("No UTXO transactions to cluster.")
    for run in runs:
        clusters = run.clustering.clusters() if run.clustering else []
        joined = sum(len(cluster.addresses) for cluster in clusters)
        console.print(
            f"[bold]{run.chain}[/]: {run.transactions:,} transactions; {len(clusters):,} clusters of two or "
            f"more addresses joining {joined:,} addresses; {sum(run.coinjoins.values()):,} CoinJoin "
            f"detections skipped; {len(run.disregarded):,} transactions disregarded by splits; "
            f"{len(run.suggestions):,} change suggestions."
        )
        largest = sorted(clusters, key=lambda c: (-len(c.addresses), c.representative))[:top]
        if largest:
            rows = [[c.representative, len(c.addresses)] for c in largest]
            console.print(table(f"Largest clusters ({run.chain})", ["representative", "addresses"], rows))
        if run.sizes:
            rows = [[size, count] for size, count in sorted(run.sizes.items())]
            console.print(table("Cluster sizes", ["addresses", "count"], rows))
        if run.coinjoins:
            rows = [[rule, count] for rule, count in sorted(run.coinjoins.items())]
            console.print(table("CoinJoins skipped (joined nothing)", ["detector", "count"], rows))
        _print_disregarded(sorted(run.disregarded.items()))
        _print_suggestions(run.suggestions[:top])


@cluster_app.command()
def explain(
    address: Annotated[str, typer.Argument(help="An address of the cluster")],
    chain: ChainOption = "bitcoin",
    agency: AgencyOption = None,
    max_members: int = typer.Option(
        service.DEFAULT_MAX_MEMBERS * 50, help="Stop the walk at this many addresses"
    ),
) -> None:
    """Print ADDRESS's co-spend cluster: each member with its rule, the transactions it rests on and
    the records (with their agencies) those rest on."""
    settings = load_settings()
    model = composition.model_of(settings)
    chain_name = arguments.chain(model, chain)
    normalised = arguments.address(chain_name, address)

    async def work(reads: GraphReads) -> service.ViewerCluster:
        return await service.cluster_of_address(reads, chain_name, normalised, max_members)

    found = _as_viewer(settings, agency, work)
    cut = " (truncated: the walk stopped at --max-members)" if found.truncated else ""
    console.print(
        f"Cluster of {found.address}: {len(found.members):,} addresses, representative "
        f"{found.representative}{cut}; {len(found.transactions):,} transactions read in "
        f"{found.rounds} rounds."
    )
    rows: list[list[object]] = []
    for item in found.memberships():
        m = item.membership
        toward = f"{m.joined_by.txid[:16]}… → {m.joined_by.toward}" if m.joined_by else "(representative)"
        evidence = "; ".join(
            escape(
                f"{e.txid[:16]}… [{', '.join(record for record, _ in e.records)}] ({', '.join(e.agencies)})"
            )
            for e in item.evidence
        )
        rows.append([m.address, m.rule, toward, evidence])
    if rows:
        console.print(
            table("Members", ["address", "rule", "joined by", "evidence: txid [records] (agencies)"], rows)
        )
    if found.coinjoins:
        rows = [
            [txid, ", ".join(f"{x.rule}: {x.detail}" for x in matches)]
            for txid, matches in sorted(found.coinjoins.items())
        ]
        console.print(table("CoinJoins met (joined nothing)", ["txid", "detectors"], rows))
    _print_disregarded(list(found.disregarded.items()))
    _print_suggestions(found.suggestions())


def _print_disregarded(disregarded: Sequence[tuple[str, Sequence[str]]]) -> None:
    if disregarded:
        rows = [[txid, ", ".join(ids)] for txid, ids in disregarded]
        console.print(table("Disregarded by split decisions", ["txid", "decisions"], rows))


def _print_suggestions(suggestions: Sequence[ChangeSuggestion]) -> None:
    if suggestions:
        rows = [[s.txid, s.output_index, s.address, s.rule, s.confidence] for s in suggestions]
        console.print(
            table(
                "Change suggestions (not used for membership)",
                ["txid", "output", "address", "rule", "confidence"],
                rows,
            )
        )


@cluster_app.command()
def split(
    txids: Annotated[list[str], typer.Argument(help="Transactions that are not one wallet's spend")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why")] = "",
    chain: ChainOption = "bitcoin",
    agency: Annotated[
        str | None, typer.Option(help="Agency the decision is made under (with --caveat)")
    ] = None,
    caveat: Annotated[
        str | None, typer.Option(help="Its caveat: the decision is visible under that grant")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who decides (default: the login name)")] = None,
) -> None:
    """Record that TXIDS give no co-spend evidence: the merges only they caused come apart, for
    whoever may see the decision. Undo with ``cluster unsplit DECISION_ID``."""
    settings = load_settings()
    model = composition.model_of(settings)
    chain_name = arguments.chain(model, chain)
    with composition.connect(settings) as graph:
        decision = splits.split(graph, chain_name, txids, reason, by or getpass.getuser(), agency, caveat)
    console.print(
        f"Split {decision.decision_id}: {len(decision.txids)} transaction(s) disregarded, made under "
        f"{decision.agency}|{decision.caveat} (visible under {decision.grant})."
    )


@cluster_app.command()
def unsplit(decision_id: Annotated[str, typer.Argument(help="The split decision to undo")]) -> None:
    """Delete a split decision: its transactions are co-spend evidence again."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        txids = splits.unsplit(graph, decision_id)
    console.print(f"Undid {decision_id}: {', '.join(txids) or 'no transaction'} count again.")


@cluster_app.command("splits")
def list_splits() -> None:
    """Every split decision (everything view)."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        found = splits.decisions(graph)
    rows = [
        [d.decision_id, d.decided_at, d.decided_by, f"{d.agency}|{d.caveat}", ", ".join(d.txids), d.reason]
        for d in found
    ]
    console.print(
        table("Split decisions", ["decision", "decided at", "by", "made under", "txids", "reason"], rows)
    )
