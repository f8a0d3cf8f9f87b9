"""When the exposure floors hold, and what a load that voided them prints."""

from __future__ import annotations

from chokepoint.analysis.exposure_floor import FloorState, state_of
from chokepoint.cli.exposure_cmd import CHAINS, EXPOSURE, print_stale_floors
from chokepoint.cli.output import console

TYPES = ("SENT_FUNDS_TO", "CONTROLS_ADDRESS")


def _state(built_at: int | None, writes: int, complete: bool = True) -> FloorState:
    return FloorState(writes=writes, built_at=built_at, complete=complete, types=TYPES, max_hops=6)


def test_floors_hold_only_whole_and_at_todays_write_count():
    assert _state(7, 7).holds_for(["SENT_FUNDS_TO"], 6)
    assert not _state(7, 8).holds_for(["SENT_FUNDS_TO"], 6)  # a write since
    assert not _state(7, 7, complete=False).holds_for(["SENT_FUNDS_TO"], 6)  # a build cut short
    assert not _state(None, 0).holds_for(["SENT_FUNDS_TO"], 6)  # never built
    assert not _state(7, 7).holds_for(["OWNED_OR_CONTROLLED_BY"], 6)  # a type they did not walk
    assert not _state(7, 7).holds_for(["SENT_FUNDS_TO"], 7)  # further than they reach


def test_a_missing_stamp_reads_as_never_built():
    state = state_of(None)
    assert (state.built_at, state.writes, state.complete) == (None, 0, False)


def test_a_load_that_voided_built_floors_says_so():
    for state, told in ((_state(None, 3), False), (_state(3, 3), False), (_state(3, 4), True)):
        with console.capture() as captured:
            print_stale_floors([(EXPOSURE, state), (CHAINS, _state(None, 3))])
        assert ("chokepoint exposure build" in " ".join(captured.get().split())) is told, state


def test_each_kind_of_floors_is_named_when_a_load_voided_it():
    for exposure, chains, told in (
        (_state(3, 4), _state(3, 3), ["exposure"]),
        (_state(3, 3), _state(2, 3), ["chains"]),
        (_state(1, 3), _state(2, 3), ["exposure", "chains"]),
    ):
        with console.capture() as captured:
            print_stale_floors([(EXPOSURE, exposure), (CHAINS, chains)])
        said = " ".join(captured.get().split())
        assert [k for k in ("exposure", "chains") if f"chokepoint {k} build" in said] == told
