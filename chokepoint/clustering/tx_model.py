"""A UTXO transaction as the clustering sees it: addresses and values in, addresses and values out.

Independent of the graph's record types, so the clustering runs over whatever a caller has read
(the graph's ``UtxoTransaction`` with its ``SPENT_IN`` / ``PAID_TO`` links, a file, a test). An input
or output without an address (pay-to-pubkey, bare multisig, OP_RETURN, nonstandard) keeps its value
and ``None`` for the address; a coinbase transaction has no inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chokepoint.formats.btc_transactions import UtxoTransactionRecord


@dataclass(frozen=True, slots=True)
class TxInput:
    """One input: the address of the output it spends (or None) and that output's value in coins."""

    address: str | None
    value: Decimal


@dataclass(frozen=True, slots=True)
class TxOutput:
    """One output: the address it pays (or None) and its value in coins."""

    address: str | None
    value: Decimal


@dataclass(frozen=True, slots=True)
class Transaction:
    """A mined transaction; ``block`` and ``timestamp`` order it among others when known."""

    txid: str
    inputs: tuple[TxInput, ...]
    outputs: tuple[TxOutput, ...]
    block: int | None = None
    timestamp: dt.datetime | None = None
    coinbase: bool = False

    def input_addresses(self) -> frozenset[str]:
        """The distinct addresses whose outputs this transaction spends."""
        return frozenset(item.address for item in self.inputs if item.address is not None)


def from_btc_record(record: UtxoTransactionRecord) -> Transaction:
    """The clustering's view of a parsed ``btc-transactions`` record (its coinbase input dropped)."""
    inputs = tuple(
        TxInput(item.address, item.value)
        for item in record.inputs
        if not item.coinbase and item.value is not None
    )
    return Transaction(
        txid=record.txid,
        inputs=inputs,
        outputs=tuple(TxOutput(item.address, item.value) for item in record.outputs),
        block=record.block,
        timestamp=record.timestamp,
        coinbase=record.coinbase,
    )
