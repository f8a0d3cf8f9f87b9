"""``address { cluster { … } }``: the address's co-spend wallet cluster as the viewer sees it.

The cluster is computed for the request from the evidence the viewer may see
(``chokepoint/clustering/service.py``): no stored cluster id, so nothing of it rests on a transaction,
link, address or split decision the viewer may not see. Every sub-field is derived from that cluster
and from visible records only: members are read through ``api_fetch_entities``, totals and activity
through visible ``SPENT_IN`` / ``PAID_TO`` links of visible transactions, attributions through visible
``CONTROLS_ADDRESS`` links and the sanctioned flag as the viewer's records give it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import strawberry

from chokepoint.api import arguments
from chokepoint.api.context import RequestContext
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import Entity, EntityConnection, context_of, entity_connection, resolver
from chokepoint.clustering import service
from chokepoint.clustering.activity import Activity, activity_of
from chokepoint.clustering.service import ViewerCluster
from chokepoint.formats.btc_transactions import UTXO_CHAINS

MAX_MEMBERS = 10_000  # the most addresses a request may walk (maxMembers)


@strawberry.type(description="A record a piece of evidence rests on, that you may see.")
class EvidenceRecord:
    record: str = strawberry.field(description="dataset:record")
    marking: str = strawberry.field(description="AGENCY|CAVEAT of the record")
    agency: str


@strawberry.type(description="A transaction that is co-spend evidence, with the records it rests on.")
class ClusterEvidence:
    txid: str
    block: int | None
    records: list[EvidenceRecord]


@strawberry.type(description="Why one address is in the cluster.")
class ClusterMembership:
    address: str
    rule: str = strawberry.field(
        description="The clustering rule (co_spend: spent together in one transaction)"
    )
    joined_by_txid: str | None = strawberry.field(
        description="The transaction of its edge toward the representative (null for the representative)"
    )
    joined_toward: str | None = strawberry.field(description="The address that edge joins it to")
    evidence: list[ClusterEvidence] = strawberry.field(
        description="Every transaction of the rule that spent it with another member"
    )


@strawberry.type(description="A member that is sanctioned or that a party you may see controls.")
class ClusterAttribution:
    address: Entity
    sanctioned: bool
    controlled_by: list[Entity]


@strawberry.type(description="A transaction met while walking the cluster that joined nothing, and why.")
class SkippedTransaction:
    txid: str
    reasons: list[str] = strawberry.field(
        description="CoinJoin detectors it matched (coinjoin:whirlpool …) or split decisions disregarding it "
        "(split:…)"
    )


@strawberry.type(
    description="The address's wallet cluster by co-spend (the inputs of one transaction are one wallet's, "
    "CoinJoins excepted), computed from the transactions, links and split decisions you may see."
)
class CoSpendCluster:
    _found: strawberry.Private[ViewerCluster]
    chain: str
    asset: str
    size: int = strawberry.field(description="Addresses in the cluster (at least, when truncated)")
    representative: str = strawberry.field(description="Its least address")
    truncated: bool = strawberry.field(
        description="True when the walk stopped at maxMembers addresses (or 20 transactions per address "
        "allowed): the cluster holds at least these addresses"
    )
    skipped: list[SkippedTransaction] = strawberry.field(
        description="Transactions met that gave no evidence: CoinJoins, and those a split you see disregards"
    )

    @resolver("The member addresses, ascending (the representative first)")
    async def members(
        self, info: strawberry.Info, first: int = arguments.DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> EntityConnection:
        ctx = context_of(info)
        wanted = arguments.page(first, after)
        ids = self._found.member_ids
        page = ids[wanted.offset : wanted.offset + wanted.first]
        rows = await ctx.reads.entities(page)
        nodes = [ctx.registry.entity(rows[i]) for i in page if i in rows]
        return entity_connection(nodes, wanted.offset, wanted.first, len(ids))

    @resolver("Each membership with its rule, evidence transactions and the records they rest on, one page")
    def evidence(
        self, first: int = arguments.DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> list[ClusterMembership]:
        wanted = arguments.page(first, after)
        found = self._found.memberships()[wanted.offset : wanted.offset + wanted.first]
        return [
            ClusterMembership(
                address=item.membership.address,
                rule=item.membership.rule,
                joined_by_txid=item.membership.joined_by.txid if item.membership.joined_by else None,
                joined_toward=item.membership.joined_by.toward if item.membership.joined_by else None,
                evidence=[
                    ClusterEvidence(
                        txid=e.txid,
                        block=e.block,
                        records=[
                            EvidenceRecord(record=r, marking=m, agency=m.rpartition("|")[0])
                            for r, m in e.records
                        ],
                    )
                    for e in item.evidence
                ],
            )
            for item in found
        ]

    @resolver("What the members received in the UTXO transactions you may see (outputs paying them)")
    async def total_received(self, info: strawberry.Info) -> Decimal:
        return (await self._activity(info)).received

    @resolver("What the members spent in the UTXO transactions you may see (their spent outputs)")
    async def total_sent(self, info: strawberry.Info) -> Decimal:
        return (await self._activity(info)).sent

    @resolver("Time of the earliest UTXO transaction you may see that a member spent or received in")
    async def first_activity(self, info: strawberry.Info) -> dt.datetime | None:
        return (await self._activity(info)).first

    @resolver("Time of the latest such transaction")
    async def last_activity(self, info: strawberry.Info) -> dt.datetime | None:
        return (await self._activity(info)).last

    @resolver("Members flagged sanctioned, or controlled by a party you may see (CONTROLS_ADDRESS)")
    async def sanctioned_or_attributed(self, info: strawberry.Info) -> list[ClusterAttribution]:
        return await attributed_members(context_of(info), self._found.member_ids)

    async def _activity(self, info: strawberry.Info) -> Activity:
        """Totals and times over the members, read once per cluster object (its fields run at once)."""
        task: asyncio.Task[Activity] | None = getattr(self, "_activity_task", None)
        if task is None:
            task = asyncio.ensure_future(self._read_activity(info))
            self._activity_task = task
        return await asyncio.shield(task)

    async def _read_activity(self, info: strawberry.Info) -> Activity:
        return activity_of(await context_of(info).reads.cluster_activity(self._found.member_ids))


async def attributed_members(ctx: RequestContext, member_ids: list[str]) -> list[ClusterAttribution]:
    """The members the viewer's records flag sanctioned, or that a party it may see controls."""
    out = []
    for row in await ctx.reads.cluster_attributed(member_ids):
        address = ctx.registry.entity(row["address"])
        sanctioned = bool(getattr(address, "sanctioned", None))
        holders = [ctx.registry.entity(h) for h in row["holders"]]
        if sanctioned or holders:
            out.append(ClusterAttribution(address=address, sanctioned=sanctioned, controlled_by=holders))
    return out


async def cluster_for(
    info: strawberry.Info, chain: str, address: str, address_id: str, max_members: int
) -> CoSpendCluster:
    """The ``cluster`` field of an address report."""
    if chain not in UTXO_CHAINS:
        raise InvalidArgument(
            f"cluster: co-spend clustering is for UTXO chains ({', '.join(UTXO_CHAINS)}); {chain} has no "
            "transactions with several inputs"
        )
    if not 1 <= max_members <= MAX_MEMBERS:
        raise InvalidArgument(f"maxMembers: {max_members} is out of range; ask for 1 to {MAX_MEMBERS}")
    found = await service.cluster_around(context_of(info).reads, chain, address, address_id, max_members)
    skipped = {txid: [f"coinjoin:{m.rule}" for m in matches] for txid, matches in found.coinjoins.items()}
    for txid, decisions in found.disregarded.items():
        skipped.setdefault(txid, []).extend(decisions)
    return CoSpendCluster(
        _found=found,
        chain=chain,
        asset=UTXO_CHAINS[chain],
        size=len(found.members),
        representative=found.representative,
        truncated=found.truncated,
        skipped=[SkippedTransaction(txid=t, reasons=r) for t, r in sorted(skipped.items())],
    )


API_TYPES: tuple[type, ...] = (
    EvidenceRecord,
    ClusterEvidence,
    ClusterMembership,
    ClusterAttribution,
    SkippedTransaction,
    CoSpendCluster,
)
