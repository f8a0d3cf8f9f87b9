"""Builders for the clustering tests: transactions from short tuples, and seeded random sets."""

from __future__ import annotations

import random
from decimal import Decimal

from chokepoint.clustering import Transaction, TxInput, TxOutput

Side = list[tuple[str | None, str]]
WHIRLPOOL_DENOMINATION = "0.01"


def tx(
    txid: str, inputs: Side, outputs: Side, block: int | None = None, coinbase: bool = False
) -> Transaction:
    """A transaction from (address, value) pairs; values as decimal text in whole coins."""
    return Transaction(
        txid,
        tuple(TxInput(address, Decimal(value)) for address, value in inputs),
        tuple(TxOutput(address, Decimal(value)) for address, value in outputs),
        block,
        coinbase=coinbase,
    )


def whirlpool(
    txid: str, inputs: list[str], outputs: list[str], denomination: str = WHIRLPOOL_DENOMINATION
) -> Transaction:
    """A Whirlpool mix: five inputs a little above the pool value (miner fee), five equal outputs."""
    return tx(txid, [(a, "0.0101") for a in inputs], [(a, denomination) for a in outputs])


def wasabi(txid: str, inputs: list[str], outputs: list[str], change: list[str]) -> Transaction:
    """A Wasabi 1.x-like mix: equal 0.1 BTC outputs and one change output per participant."""
    spent = [(a, "0.35") for a in inputs]
    return tx(txid, spent, [(a, "0.1") for a in outputs] + [(a, "0.2473") for a in change])


def random_transactions(seed: int, count: int, pool: int) -> tuple[list[Transaction], set[str]]:
    """``count`` transactions over ``pool`` addresses; about 1 in 40 is a mix built as a Whirlpool or
    Wasabi round. Ordinary transactions have at most two outputs, so none is a CoinJoin by any rule;
    the mixes' txids are returned so an oracle can leave them out without asking the detectors."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    addresses = [f"addr{index:06d}" for index in range(pool)]
    built: list[Transaction] = []
    mixes: set[str] = set()
    for index in range(count):
        txid = f"{seed:04d}{index:060d}"
        roll = rng.random()
        if roll < 0.0125:
            built.append(whirlpool(txid, rng.sample(addresses, 5), rng.sample(addresses, 5)))
            mixes.add(txid)
        elif roll < 0.025:
            inputs = rng.sample(addresses, 12)
            built.append(wasabi(txid, inputs, rng.sample(addresses, 11), rng.sample(addresses, 11)))
            mixes.add(txid)
        else:
            spent = [
                (
                    rng.choice(addresses) if rng.random() > 0.05 else None,
                    str(Decimal(rng.randint(1, 10**7)) / 10**8),
                )
                for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))
            ]
            paid = [(rng.choice(addresses), "0.00001") for _ in range(rng.choice((1, 2)))]
            built.append(tx(txid, spent, paid, block=index // 10))
    return built, mixes
