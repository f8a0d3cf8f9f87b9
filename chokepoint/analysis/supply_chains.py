"""``supplyChains`` as a use case: the shortest chain of each supplier → cell pair, and with a temporal
rule only over money hops that transfers in order back.

With a rule, a ``SENT_FUNDS_TO`` hop (the totals between two addresses) counts only when some transfer
from its start to its end lies on a temporal money chain from a wallet of the cells to a wallet of the
suppliers (money flows against the supply: the chains ``interdictionPlan`` counts with the same rule),
searched over the viewer's transfers and values first; every other link counts as it is. The backed
hops are then a parameter of the chain query, so a chain never rests on a hidden transfer or value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from chokepoint.analysis.temporal import MONEY_LINK, TemporalRule, TransferReads, moved_links, temporal_chains

Row = dict[str, Any]
Shown = Callable[[Row], dict[str, Any]]


class ChainReads(TransferReads, Protocol):
    async def supply_ends(self, sources: list[str], sinks: list[str]) -> tuple[list[str], list[str]]: ...

    async def supply_chains(
        self,
        suppliers: list[str],
        cells: list[str],
        max_hops: int,
        rel_types: list[str],
        first: int,
        skip: int,
        backed: Sequence[tuple[str, str]] | None = None,
    ) -> tuple[int, list[Row]]: ...


@dataclass(frozen=True)
class ChainQuestion:
    suppliers: list[str]  # empty: every visible precursor supplier
    cells: list[str]  # empty: every visible distribution cell
    max_hops: int
    rel_types: list[str]
    first: int
    skip: int
    temporal: TemporalRule | None = None  # money hops only where a temporal chain backs them


@dataclass(frozen=True)
class Chains:
    total: int
    rows: list[Row]  # the page, shortest first
    temporal_truncated: bool | None  # None without a rule; True when a bound of the temporal search cut


async def supply_chains(reads: ChainReads, shown: Shown, question: ChainQuestion) -> Chains:
    """The total and the page of chains, shortest first, and whether the temporal search was cut."""
    backed, truncated = None, None
    if question.temporal is not None:
        truncated = False
        if MONEY_LINK in question.rel_types:
            found, truncated = await backed_money(reads, shown, question, question.temporal)
            backed = sorted(found)
    total, rows = await reads.supply_chains(
        question.suppliers,
        question.cells,
        question.max_hops,
        question.rel_types,
        question.first,
        question.skip,
        backed,
    )
    return Chains(total, rows, truncated)


async def backed_money(
    reads: ChainReads, shown: Shown, question: ChainQuestion, rule: TemporalRule
) -> tuple[set[tuple[str, str]], bool]:
    """The (sender, receiver) addresses that transfers on temporal chains from the cells' wallets to
    the suppliers' went between (an id the viewer does not see has no wallets, as it has no chain),
    and whether a bound of the search cut it (then some backed hops may be missing)."""
    suppliers, cells = await reads.supply_ends(question.suppliers, question.cells)
    if not suppliers or not cells:
        return set(), False
    found = await temporal_chains(reads, shown, cells, suppliers, rule, question.max_hops, skip_unknown=True)
    return moved_links(found), found.truncated
