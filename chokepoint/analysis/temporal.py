"""Money chains that respect time and value: transfer after transfer, each in order and plausible.

A chain starts at a wallet of a source (an address, or one a party, its SAME_AS parties or its members
control) and ends at a wallet of a sink. It counts only when its transfers happen in order, each at
or after the one before and within ``window`` of it, in the same asset, and each carries a plausible
share of the one before: at most ``1 + tolerance`` times it (a little may join on the way) and at
least ``min_share`` of it. Totals between addresses (``SENT_FUNDS_TO``) cannot say this: they sum
transfers made before the money they would forward arrived.

The search walks forward one hop per round trip from every wallet of the sources at once, keeping a
state per (address, last transfer) reached; the viewer's reads give only visible transfers and the
values its records give (``shown``), so a chain never rests on a hidden transfer or value. Bounded
work: at most ``PER_ADDRESS`` transfers read per address and round, ``PER_ADDRESS_STATES`` states
kept per address (the earliest arrivals), ``MAX_STATES`` per round; ``truncated`` says when a bound cut.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from chokepoint.errors import InvalidInput

Row = dict[str, Any]
Shown = Callable[[Row], dict[str, Any]]
PER_ADDRESS = 1_000
MONEY_LINK = "SENT_FUNDS_TO"  # the address → address link whose totals a chain's transfers add to
PER_ADDRESS_STATES = 16
MAX_STATES = 20_000


class TransferReads(Protocol):
    async def wallets(self, ids: Sequence[str]) -> dict[str, list[str]]: ...

    async def outgoing_transfers(self, ids: Sequence[str], after: Any, per_address: int) -> list[Row]: ...


@dataclass(frozen=True)
class TemporalRule:
    window: dt.timedelta = dt.timedelta(days=30)
    tolerance: float = 0.1
    min_share: float = 0.0

    def follows(self, before: Move, after: Move) -> bool:
        """Whether ``after`` can carry on the money ``before`` brought."""
        return (
            after.asset == before.asset
            and before.at <= after.at <= before.at + self.window
            and before.amount * self.min_share <= after.amount <= before.amount * (1 + self.tolerance)
        )


@dataclass(frozen=True)
class Move:
    """One transfer as the viewer sees it."""

    transfer: str
    start: str
    end: str
    asset: str
    amount: float
    at: dt.datetime


@dataclass(frozen=True)
class Chain:
    source: str  # the entity whose wallet starts it
    sink: str
    moves: tuple[Move, ...]


@dataclass(frozen=True)
class Findings:
    chains: tuple[Chain, ...]
    truncated: bool


@dataclass(frozen=True)
class _State:
    address: str
    origin: str
    moves: tuple[Move, ...]


async def temporal_chains(
    reads: TransferReads,
    shown: Shown,
    sources: Sequence[str],
    sinks: Sequence[str],
    rule: TemporalRule,
    max_hops: int,
    since: dt.datetime | None = None,
    skip_unknown: bool = False,
) -> Findings:
    """Every temporal chain from a wallet of ``sources`` to a wallet of ``sinks`` within ``max_hops``
    transfers, shortest first, then earliest. An id the viewer does not see is an error, or with
    ``skip_unknown`` an end without wallets."""
    owners = await reads.wallets([*sources, *sinks])
    missing = sorted((set(sources) | set(sinks)) - set(owners))
    if missing and not skip_unknown:
        raise InvalidInput(f"no entity {', '.join(missing[:5])}")
    ends = {wallet: sink for sink in sinks for wallet in owners.get(sink, ())}
    frontier = [_State(w, source, ()) for source in sources for w in owners.get(source, ()) if w not in ends]
    chains: list[Chain] = []
    truncated = False
    for _ in range(max_hops):
        if not frontier:
            break
        moves, capped = await _moves_from(reads, shown, frontier, since)
        truncated |= capped
        grown: list[_State] = []
        for state in frontier:
            seen = {state.address, *(m.start for m in state.moves)}
            for move in moves.get(state.address, ()):
                if move.end in seen or not _admissible(rule, state, move, since):
                    continue
                path = (*state.moves, move)
                if move.end in ends:
                    chains.append(Chain(state.origin, ends[move.end], path))
                else:
                    grown.append(_State(move.end, state.origin, path))
        frontier, pruned = _pruned(grown)
        truncated |= pruned
    chains.sort(key=lambda c: (len(c.moves), c.moves[0].at, [m.transfer for m in c.moves]))
    return Findings(tuple(chains), truncated)


def moved_links(findings: Findings) -> set[tuple[str, str]]:
    """Each (sender, receiver) pair of addresses some transfer of the chains went between: the
    ``MONEY_LINK`` links the chains back."""
    return {(move.start, move.end) for chain in findings.chains for move in chain.moves}


def _admissible(rule: TemporalRule, state: _State, move: Move, since: dt.datetime | None) -> bool:
    if not state.moves:
        return since is None or move.at >= since
    return rule.follows(state.moves[-1], move)


async def _moves_from(
    reads: TransferReads, shown: Shown, frontier: list[_State], since: dt.datetime | None
) -> tuple[dict[str, list[Move]], bool]:
    """The visible transfers out of the frontier's addresses, as the viewer sees them, from the
    earliest moment any state could use (its last transfer's time, or ``since`` for a first hop)."""
    times = [state.moves[-1].at for state in frontier if state.moves]
    starting = any(not state.moves for state in frontier)
    after = since if starting else min(times)
    addresses = sorted({state.address for state in frontier})
    rows = await reads.outgoing_transfers(addresses, after, PER_ADDRESS)
    moves: dict[str, list[Move]] = {}
    for row in rows:
        move = _move(row, shown)
        if move is not None:
            moves.setdefault(move.start, []).append(move)
    capped = any(len(found) >= PER_ADDRESS for found in moves.values())
    return moves, capped


def _move(row: Row, shown: Shown) -> Move | None:
    props = shown(row["transfer"])
    at, amount, asset = props.get("timestamp"), props.get("amount"), props.get("asset")
    if not isinstance(at, dt.datetime) or amount is None or asset is None:
        return None  # a transfer without a time or an amount the viewer sees cannot be placed in order
    return Move(str(row["transfer"]["id"]), str(row["start"]), str(row["end"]), str(asset), float(amount), at)


def _pruned(states: list[_State]) -> tuple[list[_State], bool]:
    """At most ``PER_ADDRESS_STATES`` states per address (the earliest arrivals: they leave every
    later transfer open) and ``MAX_STATES`` in all."""
    by_address: dict[str, list[_State]] = {}
    for state in states:
        by_address.setdefault(state.address, []).append(state)
    kept: list[_State] = []
    cut = False
    for address in sorted(by_address):
        group = sorted(by_address[address], key=lambda s: (s.moves[-1].at, [m.transfer for m in s.moves]))
        cut |= len(group) > PER_ADDRESS_STATES
        kept += group[:PER_ADDRESS_STATES]
    if len(kept) > MAX_STATES:
        kept.sort(key=lambda s: (s.moves[-1].at, s.address))
        return kept[:MAX_STATES], True
    return kept, cut
