"""``temporalMoneyChains``: money that moved from the sources' wallets to the sinks', transfer after
transfer, each in order and carrying a plausible share of the one before.

The resolver checks the arguments and hands the search to :mod:`chokepoint.analysis.temporal` (the
viewer's reads and values); it turns the chains into GraphQL objects, loading their entities in one
batch.
"""

from __future__ import annotations

import datetime as dt

import strawberry

from chokepoint.analysis.temporal import Chain, temporal_chains
from chokepoint.api import arguments
from chokepoint.api.chains import end_ids
from chokepoint.api.context import RequestContext
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import Entity, context_of, resolver
from chokepoint.api.temporal_rule import temporal_rule

DEFAULT_HOPS = 6
MAX_HOPS = 10
MAX_CHAINS = 100


@strawberry.type(description="Transfers in order, from a wallet of a source to a wallet of a sink.")
class MoneyChain:
    source: Entity = strawberry.field(description="The source whose wallet starts the chain")
    sink: Entity = strawberry.field(description="The sink whose wallet ends it")
    length: int
    asset: str
    first_amount: float = strawberry.field(description="What the first transfer sent")
    last_amount: float = strawberry.field(description="What reached the sink's wallet")
    started_at: dt.datetime
    ended_at: dt.datetime
    addresses: list[Entity] = strawberry.field(description="Every address of the chain, in order")
    transfers: list[Entity] = strawberry.field(description="Every transfer, in order")


@strawberry.type
class MoneyChains:
    total_count: int
    truncated: bool = strawberry.field(
        description="A bound of the search cut it (too many transfers at one address, too many paths)"
    )
    chains: list[MoneyChain] = strawberry.field(
        description=f"Shortest first, then earliest; at most {MAX_CHAINS}"
    )


@strawberry.type
class MoneyChainQuery:
    @resolver(
        "Money chains from the wallets of sources to the wallets of sinks (addresses, or parties: "
        "the wallets they, their SAME_AS parties and their members control) that respect time and "
        "value: each transfer at or after the one before and within windowHours of it, in the same "
        "asset, carrying at most 1 + tolerance and at least minShare of the one before. Over the "
        "transfers and values you may see."
    )
    async def temporal_money_chains(
        self,
        info: strawberry.Info,
        sources: list[strawberry.ID],
        sinks: list[strawberry.ID],
        max_hops: int = DEFAULT_HOPS,
        window_hours: float = 24 * 30,
        tolerance: float = 0.1,
        min_share: float = 0.0,
        since: dt.datetime | None = None,
        first: int = 10,
    ) -> MoneyChains:
        ctx = context_of(info)
        starts, ends = end_ids(sources, "sources"), end_ids(sinks, "sinks")
        if not starts or not ends:
            raise InvalidArgument("sources and sinks: name at least one of each")
        both = sorted(set(starts) & set(ends))
        if both:
            raise InvalidArgument(f"sources and sinks: {', '.join(both[:5])} named as both")
        rule = temporal_rule(window_hours, tolerance, min_share)
        hops = arguments.hops(max_hops, MAX_HOPS)
        if not 0 <= first <= MAX_CHAINS:
            raise InvalidArgument(f"first: {first} is out of range; ask for 0 to {MAX_CHAINS} chains")
        found = await temporal_chains(ctx.reads, ctx.registry.shown, starts, ends, rule, hops, since)
        chains = [c for c in (await _chains(ctx, found.chains[:first])) if c is not None]
        return MoneyChains(total_count=len(found.chains), truncated=found.truncated, chains=chains)


async def _chains(ctx: RequestContext, chains: tuple[Chain, ...]) -> list[MoneyChain | None]:
    ids = set()
    for chain in chains:
        ids |= {chain.source, chain.sink, *(m.transfer for m in chain.moves)}
        ids |= {m.start for m in chain.moves} | {chain.moves[-1].end}
    ordered = sorted(ids)
    entities = dict(zip(ordered, await ctx.loaders.entities.load_many(ordered), strict=True))
    return [_chain(chain, entities) for chain in chains]


def _chain(chain: Chain, entities: dict[str, Entity | None]) -> MoneyChain | None:
    """The chain's object; None when one of its entities is gone since the search read it."""
    addresses = [entities.get(m.start) for m in chain.moves] + [entities.get(chain.moves[-1].end)]
    transfers = [entities.get(m.transfer) for m in chain.moves]
    source, sink = entities.get(chain.source), entities.get(chain.sink)
    if source is None or sink is None or None in addresses or None in transfers:
        return None
    return MoneyChain(
        source=source,
        sink=sink,
        length=len(chain.moves),
        asset=chain.moves[0].asset,
        first_amount=chain.moves[0].amount,
        last_amount=chain.moves[-1].amount,
        started_at=chain.moves[0].at,
        ended_at=chain.moves[-1].at,
        addresses=[a for a in addresses if a is not None],
        transfers=[t for t in transfers if t is not None],
    )


API_TYPES: tuple[type, ...] = (MoneyChain, MoneyChains, MoneyChainQuery)
