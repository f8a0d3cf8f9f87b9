"""The bench size: millions of wallet-ledger transfers streamed to CSV chunks, never held in memory.

Addresses come from precomputed pools (valid checksums, generated once). Each address pays a fixed
set of counterparties (its ``channels``: the addresses at a few fixed offsets) plus one hub - a
broker or exchange deposit address of the world - so flows repeat like real ones, and the number of
distinct sender-receiver pairs (the SENT_FUNDS_TO relationships an ingest derives) is counted exactly
with one byte per possible pair.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chokepoint.synthetic import identifiers as ids
from chokepoint.synthetic.money import LEDGER_COLUMNS, block_at
from chokepoint.synthetic.world import BASE_DATE, SPAN_DAYS, World

CHUNK_ROWS = 500_000
OFFSETS_PER_ADDRESS = 6
HUB_SHARE = 0.2
BECH32_SHARE = 0.15  # bech32 encoding is pure Python and slow; legacy addresses still dominate
LEDGER_DIR = "ledger"


@dataclass(frozen=True)
class BenchSize:
    transfers: int = 2_600_000
    bitcoin_addresses: int = 200_000
    tron_addresses: int = 50_000


@dataclass
class Pool:
    """One chain's addresses, its hubs, and which pairs and addresses the transfers used."""

    chain: str
    asset: str
    addresses: list[str]
    hubs: list[str]
    offsets: list[int]

    def __post_init__(self) -> None:
        size = len(self.addresses)
        self.pair_used = bytearray(size * len(self.offsets))
        self.hub_pair_used = bytearray(size)
        self.address_used = bytearray(size)
        self.hub_used = bytearray(len(self.hubs))

    def counts(self) -> tuple[int, int]:
        """(addresses used, distinct sender-receiver pairs)."""
        nodes = sum(self.address_used) + sum(self.hub_used)
        return nodes, sum(self.pair_used) + sum(self.hub_pair_used)


@dataclass(frozen=True)
class BenchCounts:
    transfers: int
    addresses: int
    pairs: int
    files: int

    @property
    def nodes(self) -> int:
        return self.transfers + self.addresses

    @property
    def relationships(self) -> int:
        """SENT + RECEIVED per transfer, plus one SENT_FUNDS_TO per distinct pair."""
        return 2 * self.transfers + self.pairs


def make_pool(rng: random.Random, chain: str, size: int, hubs: list[str]) -> Pool:
    draw: Callable[[random.Random], str] = ids.tron if chain == "tron" else _bitcoin
    addresses = [draw(rng) for _ in range(size)]
    offsets = rng.sample(range(1, size), OFFSETS_PER_ADDRESS)
    return Pool(chain, "USDT" if chain == "tron" else "BTC", addresses, hubs, offsets)


def _bitcoin(rng: random.Random) -> str:
    return ids.btc_bech32(rng) if rng.random() < BECH32_SHARE else ids.btc_p2pkh(rng)


def stream_ledger(
    world: World, out: Path, size: BenchSize, advance: Callable[[int], None] = lambda _: None
) -> BenchCounts:
    """Write ``size.transfers`` rows into ``out/ledger/*.csv`` chunks; ``advance`` reports progress."""
    rng = world.rng
    pools = [
        make_pool(rng, "bitcoin", size.bitcoin_addresses, _hubs(world, "bitcoin")),
        make_pool(rng, "tron", size.tron_addresses, _hubs(world, "tron")),
    ]
    weights = [size.bitcoin_addresses, size.tron_addresses]
    folder = out / LEDGER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written, files = 0, 0
    while written < size.transfers:
        rows = min(CHUNK_ROWS, size.transfers - written)
        files += 1
        with (folder / f"irs-ci-bulk-ledger-{files:04d}.csv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(LEDGER_COLUMNS) + "\n")
            for start in range(0, rows, 10_000):
                batch = min(10_000, rows - start)
                fh.write("".join(_rows(rng, pools, weights, batch)))
                advance(batch)
        written += rows
    addresses = pairs = 0
    for pool in pools:
        used, distinct = pool.counts()
        addresses, pairs = addresses + used, pairs + distinct
    return BenchCounts(written, addresses, pairs, files)


def _hubs(world: World, chain: str) -> list[str]:
    holders = [*world.brokers, *world.exchanges]
    return [w.address for holder in holders for w in holder.wallets_on(chain)]


_DAY_TEXT = [(BASE_DATE + dt.timedelta(days=d)).isoformat() for d in range(SPAN_DAYS + 1)]


def _rows(rng: random.Random, pools: list[Pool], weights: list[int], count: int) -> list[str]:
    lines = []
    for pool in rng.choices(pools, weights, k=count):
        size = len(pool.addresses)
        sender = rng.randrange(size)
        pool.address_used[sender] = 1
        if rng.random() < HUB_SHARE:
            hub = sender % len(pool.hubs)
            receiver, pool.hub_pair_used[sender], pool.hub_used[hub] = pool.hubs[hub], 1, 1
        else:
            slot = rng.randrange(len(pool.offsets))
            target = (sender + pool.offsets[slot]) % size
            pool.pair_used[sender * len(pool.offsets) + slot] = 1
            pool.address_used[target] = 1
            receiver = pool.addresses[target]
        seconds = rng.randrange(SPAN_DAYS * 86400)
        day, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        amount = rng.lognormvariate(-3.5, 1.6) if pool.chain == "bitcoin" else rng.lognormvariate(6.5, 1.5)
        text = f"{amount:.8f}" if pool.chain == "bitcoin" else f"{amount:.2f}"
        lines.append(
            f"{pool.chain},{rng.getrandbits(256):064x},0,{pool.addresses[sender]},{receiver},{pool.asset},"
            f"{text},{_DAY_TEXT[day]}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}Z,"
            f"{block_at(pool.chain, seconds)}\n"
        )
    return lines
