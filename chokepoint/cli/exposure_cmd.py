"""``chokepoint exposure build | status`` and ``chokepoint chains build | status``: the floors that
guide ``sanctionsExposure`` and the supplier → cell searches (chokepoint/analysis/floors.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import typer

from chokepoint import composition
from chokepoint.analysis import chain_floor, exposure_floor
from chokepoint.analysis.floors import FloorReport, FloorState
from chokepoint.cli.output import console
from chokepoint.graph import Graph
from chokepoint.schema.model import DomainModel
from chokepoint.settings import load_settings


@dataclass(frozen=True)
class _Floors:
    """One kind of floors as the commands name it."""

    name: str  # "exposure floors"
    command: str  # the command that builds them
    speeds: str  # what they make fast
    targets: tuple[str, ...]  # what each walk's floor 0 is, in the report
    build: Callable[[Graph, DomainModel], FloorReport]
    read_state: Callable[[Graph], FloorState]


EXPOSURE = _Floors(
    "exposure floors",
    "chokepoint exposure build",
    "the API's sanctionsExposure",
    ("a sanctioned party",),
    exposure_floor.build,
    exposure_floor.read_state,
)
CHAINS = _Floors(
    "chain floors",
    "chokepoint chains build",
    "the saved supply_and_money_chains",
    ("a precursor supplier", "a distribution cell"),
    chain_floor.build,
    chain_floor.read_state,
)
KINDS = (EXPOSURE, CHAINS)

exposure_app = typer.Typer(
    help="Exposure floors: what lets the API find an address's nearest sanctioned party quickly.",
    no_args_is_help=True,
)
chains_app = typer.Typer(
    help="Chain floors: what keeps the supplier -> cell searches to the corridor their chains can use.",
    no_args_is_help=True,
)


def build_and_print(kind: _Floors) -> None:
    settings = load_settings()
    model = composition.model_of(settings)
    with composition.connect(settings) as graph, console.status(f"Computing {kind.name}…"):
        report = kind.build(graph, model)
    print_floors(kind, report)


def print_status(kind: _Floors) -> None:
    settings = load_settings()
    with composition.connect(settings) as graph:
        state = kind.read_state(graph)
    name = kind.name[0].upper() + kind.name[1:]
    if state.built_at is None:
        console.print(f"No {kind.name}: run `{kind.command}`.")
    elif state.current:
        console.print(f"The {kind.name} hold (built at write {state.writes:,}, {state.max_hops} hops).")
    else:
        console.print(
            f"{name} are out of date (built at write {state.built_at:,}, the graph is at "
            f"{state.writes:,}{'' if state.complete else '; the last build did not finish'}): "
            f"run `{kind.command}`."
        )


@exposure_app.command("build")
def build_exposure() -> None:
    """Recompute every node's exposure floor (run after loading; until then, and after any later
    write, the API answers sanctionsExposure with the slower whole-path search)."""
    build_and_print(EXPOSURE)


@exposure_app.command("status")
def exposure_status() -> None:
    """Say whether the exposure floors hold for the graph as it is now."""
    print_status(EXPOSURE)


@chains_app.command("build")
def build_chains() -> None:
    """Recompute every node's chain floors (run after loading; until then, and after any later write,
    supply_and_money_chains runs its search per supplier and cell, minutes on a large graph)."""
    build_and_print(CHAINS)


@chains_app.command("status")
def chains_status() -> None:
    """Say whether the chain floors hold for the graph as it is now."""
    print_status(CHAINS)


def floor_states(graph: Graph) -> list[tuple[_Floors, FloorState]]:
    """Each kind of floors with its state now (read inside a connection, printed after it)."""
    return [(kind, kind.read_state(graph)) for kind in KINDS]


def print_stale_floors(states: list[tuple[_Floors, FloorState]]) -> None:
    """Say so for each kind of floors a load has voided (what they speed up stays exact meanwhile,
    only slower, until they are built again)."""
    for kind, state in states:
        if state.built_at is not None and state.built_at != state.writes:
            console.print(
                f"The graph changed since the {kind.name} were built: `{kind.command}` makes "
                f"{kind.speeds} fast again (it stays exact meanwhile)."
            )


def print_floors(kind: _Floors, report: FloorReport) -> None:
    verdict = "" if report.complete else " A write came while they were built: run it again."
    parts = []
    for target, levels in zip(kind.targets, report.walks, strict=True):
        counts = ", ".join(f"{count:,} at {hops}" for hops, count in enumerate(levels))
        parts.append(f"{sum(levels):,} nodes within {len(levels) - 1} hops of {target} ({counts})")
    name = kind.name[0].upper() + kind.name[1:]
    console.print(f"{name}: {'; '.join(parts)} in {report.seconds:.1f} s.{verdict}")
