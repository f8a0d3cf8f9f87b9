"""``chokepoint exposure build | status``: the exposure floors that guide ``sanctionsExposure``."""

from __future__ import annotations

import typer

from chokepoint import composition
from chokepoint.analysis import exposure_floor
from chokepoint.cli.output import console
from chokepoint.settings import load_settings

exposure_app = typer.Typer(
    help="Exposure floors: what lets the API find an address's nearest sanctioned party quickly.",
    no_args_is_help=True,
)


@exposure_app.command()
def build() -> None:
    """Recompute every node's exposure floor (run after loading; until then, and after any later
    write, the API answers sanctionsExposure with the slower whole-path search)."""
    settings = load_settings()
    model = composition.model_of(settings)
    with composition.connect(settings) as graph, console.status("Computing exposure floors…"):
        report = exposure_floor.build(graph, model)
    print_floors(report)


@exposure_app.command()
def status() -> None:
    """Say whether the exposure floors hold for the graph as it is now."""
    settings = load_settings()
    with composition.connect(settings) as graph:
        state = exposure_floor.read_state(graph)
    if state.built_at is None:
        console.print("No exposure floors: run `chokepoint exposure build`.")
    elif state.current:
        console.print(f"The exposure floors hold (built at write {state.writes:,}, {state.max_hops} hops).")
    else:
        console.print(
            f"The exposure floors are out of date (built at write {state.built_at:,}, the graph is at "
            f"{state.writes:,}{'' if state.complete else '; the last build did not finish'}): "
            "run `chokepoint exposure build`."
        )


def print_stale_floors(state: exposure_floor.FloorState) -> None:
    """Say so when a load has voided exposure floors that were built (the API then answers
    sanctionsExposure with the slower whole-path search until they are built again)."""
    if state.built_at is not None and state.built_at != state.writes:
        console.print(
            "The graph changed since the exposure floors were built: `chokepoint exposure build` "
            "makes the API's sanctionsExposure fast again (it stays exact meanwhile)."
        )


def print_floors(report: exposure_floor.FloorReport) -> None:
    levels = ", ".join(f"{count:,} at {hops}" for hops, count in enumerate(report.reached_by_level))
    verdict = "" if report.complete else " A write came while they were built: run it again."
    console.print(
        f"Exposure floors: {sum(report.reached_by_level):,} nodes within "
        f"{len(report.reached_by_level) - 1} hops of a sanctioned party ({levels}) in "
        f"{report.seconds:.1f} s.{verdict}"
    )
