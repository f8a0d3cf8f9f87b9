"""The saved ``wallet_clusters`` investigation (``queries/wallet_clusters.computed``): co-spend wallet
clusters with their figures, as rows (one per cluster) and as a Markdown report.

Each cluster is ``address { cluster }``'s, walked for the same viewer
(:func:`chokepoint.clustering.service.cluster_around` over the request's reads), and its figures are
read as that field reads them: totals and activity over the visible transactions, attributions
through visible links, the sanctioned flag as the viewer's records give it. With no addresses given,
the seeds are the addresses the viewer's records flag sanctioned or attribute to a party, and that
co-spent (``cluster_seed_addresses.cypher``), so every row rests on records the viewer may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chokepoint.api import arguments
from chokepoint.api.co_spend_cluster import MAX_MEMBERS, ClusterAttribution, attributed_members
from chokepoint.api.computed_report import Report
from chokepoint.api.context import RequestContext
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.objects import Entity
from chokepoint.clustering import service
from chokepoint.clustering.activity import Activity, activity_of
from chokepoint.errors import InvalidRecord
from chokepoint.formats.btc_transactions import UTXO_CHAINS
from chokepoint.ingest import crypto

MAX_ADDRESSES = 100  # addresses a caller may name
MAX_CLUSTERS = 200  # clusters reported at most; then the report says it stopped
MAX_SEEDS = 1_000  # seed addresses read (and walked, when not already in a cluster) at most
MEMBERS_LISTED = 25  # member addresses the Markdown lists per cluster

COLUMNS = (
    "rank",
    "chain",
    "representative",
    "size",
    "truncated",
    "asset",
    "totalReceived",
    "totalSent",
    "firstActivity",
    "lastActivity",
    "sanctioned",
    "attributed",
    "asked",
)


@dataclass(frozen=True)
class Seed:
    """An address to find the cluster of: its node id, chain and address as the graph keeps it."""

    id: str
    chain: str
    address: str


@dataclass(frozen=True)
class ClusterFigures:
    """One cluster as the viewer sees it, with the seeds that led to it."""

    found: service.ViewerCluster
    activity: Activity
    attributions: tuple[ClusterAttribution, ...]
    asked: tuple[str, ...]


async def wallet_cluster_report(ctx: RequestContext, name: str, params: Mapping[str, Any]) -> Report:
    """The clusters for ``params`` (bound by the catalogue's header) as rows and Markdown."""
    max_members = int(params["maxMembers"])
    if not 1 <= max_members <= MAX_MEMBERS:
        raise InvalidArgument(f"maxMembers: {max_members} is out of range; ask for 1 to {MAX_MEMBERS}")
    given = list(params["addresses"])
    seeds = await _given_seeds(ctx, given) if given else await _flagged_seeds(ctx)
    clusters, cut = await _clusters(ctx, seeds, max_members, keep_single=bool(given))
    rows = [_row(rank, figures) for rank, figures in enumerate(clusters, start=1)]
    return Report(COLUMNS, rows, markdown(name, params, clusters, rows, len(seeds), cut))


async def _given_seeds(ctx: RequestContext, given: Sequence[str]) -> list[Seed]:
    """The visible addresses named: a ``CryptoAddress:`` id, or an address tried on every UTXO chain
    whose format it fits. One that no visible address matches is refused, absent or hidden alike."""
    if len(given) > MAX_ADDRESSES:
        raise InvalidArgument(f"addresses: at most {MAX_ADDRESSES}, not {len(given)}")
    seeds: dict[str, Seed] = {}
    for index, value in enumerate(given):
        found = await _seeds_of(ctx, arguments.entity_id(value, f"addresses[{index}]"))
        if not found:
            raise InvalidArgument(
                f"addresses[{index}]: {value[:80]!r} is no bitcoin, bitcoin-cash or litecoin address "
                "you may see"
            )
        seeds.update((seed.id, seed) for seed in found)
    return list(seeds.values())


async def _seeds_of(ctx: RequestContext, value: str) -> list[Seed]:
    if value.startswith("CryptoAddress:"):
        row = (await ctx.reads.entities([value])).get(value)
        props = (row or {}).get("props") or {}
        chain = props.get("chain")
        return [Seed(value, chain, str(props["address"]))] if row and chain in UTXO_CHAINS else []
    out = []
    for chain in UTXO_CHAINS:
        try:
            address = crypto.normalise(chain, value, chain).address
        except InvalidRecord:
            continue
        row = await ctx.reads.address(chain, address)
        if row is not None:
            out.append(Seed(str(row["id"]), chain, address))
    return out


async def _flagged_seeds(ctx: RequestContext) -> list[Seed]:
    rows = await ctx.reads.cluster_seeds(sorted(UTXO_CHAINS), MAX_SEEDS)
    return [Seed(str(row["id"]), str(row["chain"]), str(row["address"])) for row in rows]


async def _clusters(
    ctx: RequestContext, seeds: Sequence[Seed], max_members: int, *, keep_single: bool
) -> tuple[list[ClusterFigures], bool]:
    """Each seed's cluster once (a seed inside an earlier one joins its ``asked``), largest first;
    and whether MAX_CLUSTERS stopped the walks."""
    walked: list[tuple[service.ViewerCluster, list[str]]] = []
    covered: dict[str, int] = {}
    cut = False
    for seed in seeds:
        if seed.id in covered:
            walked[covered[seed.id]][1].append(seed.address)
            continue
        if len(walked) == MAX_CLUSTERS:
            cut = True
            break
        found = await service.cluster_around(ctx.reads, seed.chain, seed.address, seed.id, max_members)
        if len(found.members) < 2 and not keep_single:
            continue
        covered.update(dict.fromkeys(found.member_ids, len(walked)))
        walked.append((found, [seed.address]))
    out = [await _figures(ctx, found, asked) for found, asked in walked]
    out.sort(key=lambda c: (-len(c.found.members), c.found.chain, c.found.representative))
    return out, cut


async def _figures(ctx: RequestContext, found: service.ViewerCluster, asked: list[str]) -> ClusterFigures:
    ids = found.member_ids
    activity = activity_of(await ctx.reads.cluster_activity(ids))
    attributions = tuple(await attributed_members(ctx, ids))
    return ClusterFigures(found, activity, attributions, tuple(sorted(set(asked))))


def _row(rank: int, figures: ClusterFigures) -> dict[str, Any]:
    found, activity = figures.found, figures.activity
    return {
        "rank": rank,
        "chain": found.chain,
        "representative": found.representative,
        "size": len(found.members),
        "truncated": found.truncated,
        "asset": UTXO_CHAINS[found.chain],
        "totalReceived": str(activity.received),  # exact: every digit of the outputs' values
        "totalSent": str(activity.sent),
        "firstActivity": _iso(activity.first),
        "lastActivity": _iso(activity.last),
        "sanctioned": [_address(a) for a in figures.attributions if a.sanctioned],
        "attributed": [
            f"{_address(a)} ← {_name(holder)} ({holder.id})"
            for a in figures.attributions
            for holder in a.controlled_by
        ],
        "asked": list(figures.asked),
    }


def markdown(
    name: str,
    params: Mapping[str, Any],
    clusters: Sequence[ClusterFigures],
    rows: Sequence[Mapping[str, Any]],
    seeds: int,
    cut: bool,
) -> str:
    """The report: parameters, what was walked, a table of the clusters (``rows``, theirs in order),
    then each one's members."""
    out = [f"# Wallet clusters ({name})", "", "## Parameters", ""]
    out += [f"- {key}: {value!r}" for key, value in params.items()]
    asked = "the addresses given" if params["addresses"] else "the flagged or attributed ones that co-spent"
    out += ["", "## Summary", "", f"{len(clusters)} cluster(s) from {seeds} address(es): {asked}."]
    if cut:
        out.append(f"Stopped after {MAX_CLUSTERS} clusters: name addresses to see others.")
    headers = ("#", "chain", "representative", "size", "received", "sent", "first", "last", "sanctioned")
    out += ["", "| " + " | ".join((*headers, "attributed")) + " |", "|---" * (len(headers) + 1) + "|"]
    for row in rows:
        size = f"{row['size']}{'+' if row['truncated'] else ''}"
        cells = [
            str(row["rank"]),
            row["chain"],
            f"`{row['representative']}`",
            size,
            f"{row['totalReceived']} {row['asset']}",
            f"{row['totalSent']} {row['asset']}",
            row["firstActivity"] or "",
            row["lastActivity"] or "",
            str(len(row["sanctioned"])),
            str(len(row["attributed"])),
        ]
        out.append("| " + " | ".join(cells) + " |")
    for rank, figures in enumerate(clusters, start=1):
        out += ["", *_cluster_section(rank, figures)]
    return "\n".join(out) + "\n"


def _cluster_section(rank: int, figures: ClusterFigures) -> list[str]:
    found = figures.found
    lines = [f"## {rank}. Wallet of `{found.representative}` ({found.chain})", ""]
    if found.truncated:
        lines.append(f"The walk stopped at {len(found.members)} addresses: the wallet holds at least these.")
    lines += [f"Asked about: {', '.join(f'`{a}`' for a in figures.asked)}", ""]
    if figures.attributions:
        lines += ["Sanctioned or attributed:", ""]
    for attribution in figures.attributions:
        said = ["sanctioned"] if attribution.sanctioned else []
        said += [f"controlled by {_name(h)} ({h.id})" for h in attribution.controlled_by]
        lines.append(f"- `{_address(attribution)}`: {'; '.join(said)}")
    if figures.attributions:
        lines.append("")
    shown = found.members[:MEMBERS_LISTED]
    more = len(found.members) - len(shown)
    lines.append(f"Members: {', '.join(f'`{m}`' for m in shown)}{f' and {more} more' if more else ''}")
    joins = [m.membership.joined_by for m in found.memberships() if m.membership.joined_by is not None]
    if joins:
        lines += ["", "Joined by (address ─ transaction → toward the representative):", ""]
        lines += [f"- `{link.address}` ─ {link.txid} → `{link.toward}`" for link in joins[:MEMBERS_LISTED]]
    return lines


def _name(entity: Entity) -> str:
    """A party's name on one line (a record's name is free text: a line break would break the report)."""
    return " ".join((entity.display_name or str(entity.id)).split())


def _address(attribution: ClusterAttribution) -> str:
    return str(getattr(attribution.address, "address", attribution.address.id))


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()
