"""A UTXO transaction as one viewer sees it in the graph, turned into the clustering's model (pure).

The graph read (``cluster_spends.cypher``, ``cluster_transactions.cypher``) gives each visible
transaction with its visible ``SPENT_IN`` and ``PAID_TO`` links (index, address, exact value), the
records asserting it with their markings, and the visible split decisions that disregard it. The
node counts every input and output; those without a visible link (no address, or a link the viewer
may not see) become inputs and outputs without an address, so the detectors count them:

- an input's value is never read by a detector; the missing inputs share what the node's
  ``inputValue`` leaves (the first takes it, the others zero);
- an output's value is: with one output missing it takes what ``outputValue`` leaves, exactly; with
  several, exactly when that is zero (OP_RETURN data outputs), else the first takes it all (the graph
  does not keep each one's value; no CoinJoin layout has several such outputs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chokepoint.clustering.tx_model import Transaction, TxInput, TxOutput
from chokepoint.markings import visibility_of

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class SeenTransaction:
    """One visible transaction: the clustering's model of it, where it lives, what it rests on."""

    node_id: str
    chain: str
    tx: Transaction
    address_ids: Mapping[str, str]  # address -> CryptoAddress node id, for every visible link's address
    records: tuple[tuple[str, str], ...]  # (dataset:record, AGENCY|CAVEAT) of each record the viewer sees
    splits: tuple[str, ...]  # decision ids of the visible split decisions that disregard it

    @property
    def txid(self) -> str:
        return self.tx.txid


def seen_transaction(row: Mapping[str, Any], grants: Iterable[str]) -> SeenTransaction:
    """The transaction of one row of the graph read, as the viewer holding ``grants`` sees it."""
    held = frozenset(grants)
    ids: dict[str, str] = {}
    inputs = _links(row["inputs"], ids)
    outputs = _links(row["outputs"], ids)
    coinbase = bool(row["coinbase"])
    input_count = 0 if coinbase else int(row["inputCount"])
    tx = Transaction(
        txid=str(row["txid"]),
        inputs=tuple(
            TxInput(address, value)
            for address, value in _filled(inputs, input_count, _decimal(row["inputValue"]))
        ),
        outputs=tuple(
            TxOutput(address, value)
            for address, value in _filled(outputs, int(row["outputCount"]), _decimal(row["outputValue"]))
        ),
        block=None if row["block"] is None else int(row["block"]),
        timestamp=_datetime(row["timestamp"]),
        coinbase=coinbase,
    )
    records = tuple(
        (str(record), str(mark))
        for record, mark in zip(row["records"] or (), row["recordMarkings"] or (), strict=False)
        if visibility_of(str(mark)) in held
    )
    return SeenTransaction(
        str(row["id"]), str(row["chain"]), tx, ids, records, tuple(str(s) for s in row["splits"] or ())
    )


def _links(rows: Sequence[Sequence[Any]], ids: dict[str, str]) -> dict[int, tuple[str, Decimal]]:
    """``[index, address, value, node id]`` rows by index."""
    out: dict[int, tuple[str, Decimal]] = {}
    for index, address, value, node_id in rows:
        out[int(index)] = (str(address), Decimal(str(value)))
        ids[str(address)] = str(node_id)
    return out


def _filled(
    linked: dict[int, tuple[str, Decimal]], count: int, total: Decimal | None
) -> list[tuple[str | None, Decimal]]:
    """Every position ``0..count-1`` (and any linked beyond it), those without a link unaddressed; the
    unaddressed take what ``total`` leaves (module docstring)."""
    size = max(count, max(linked, default=-1) + 1)
    rest = ZERO if total is None else max(total - sum((v for _, v in linked.values()), ZERO), ZERO)
    out: list[tuple[str | None, Decimal]] = []
    for index in range(size):
        found = linked.get(index)
        if found is not None:
            out.append(found)
        else:
            out.append((None, rest))
            rest = ZERO
    return out


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    to_native = getattr(value, "to_native", None)  # a driver DateTime not converted by the rows
    return to_native() if to_native is not None else None
