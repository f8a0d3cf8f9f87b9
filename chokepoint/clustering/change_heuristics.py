"""Change-output suggestions: which output of a payment probably went back to the payer.

Weaker evidence than co-spend, so never used for membership: each suggestion names its rule and a
confidence (``schema/clustering.yaml``: ordinal priors, not calibrated probabilities) for an analyst
to accept or not. Coinbase transactions, CoinJoins, transactions with fewer than two addressed
outputs and transactions that pay one of their own input addresses (the change is then plain;
Meiklejohn et al. 2013 exclude them too) give none. The rules, each asking for exactly one candidate:

``one_time_change`` (Meiklejohn et al., "A Fistful of Bitcoins", IMC 2013)
    the output's address appears in no transaction of an earlier block and receives in no other
    transaction, while every other output's address appeared in an earlier block. Transactions of
    the same block are not ordered (the input says only the block), so they do not count as
    "before", and a transaction with no block gets no suggestion from this rule.
``address_type`` (BlockSci's address-type change heuristic; Moeser & Narayanan, FC 2022)
    every input is of one script type (p2pkh, p2sh, p2wpkh, p2wsh, p2tr) and exactly one output is of
    that type, every other output of another known type.
``round_amount`` (BlockSci's power-of-ten heuristic)
    every other output is a round amount (at most ``max_decimals`` decimals) and this one is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from chokepoint.clustering.cluster_rules import ClusteringRules, default_rules, to_sats
from chokepoint.clustering.coinjoin import detect_coinjoin
from chokepoint.clustering.script_types import script_type
from chokepoint.clustering.tx_model import Transaction, TxOutput
from chokepoint.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ChangeSuggestion:
    """Output ``output_index`` of ``txid`` (paying ``address``) is probably change, by ``rule``."""

    txid: str
    output_index: int
    address: str
    rule: str
    confidence: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class AddressHistory:
    """Where each address appears: the earliest block of any transaction naming it, and the number of
    transactions paying it."""

    first_block: dict[str, int]
    receipts: dict[str, int]

    def seen_before(self, address: str, block: int) -> bool:
        first = self.first_block.get(address)
        return first is not None and first < block


def suggest_change(
    transactions: Iterable[Transaction], rules: ClusteringRules | None = None
) -> list[ChangeSuggestion]:
    """Every suggestion for ``transactions``, by (block, txid) then rule; history is theirs alone."""
    chosen = rules or default_rules()
    unique = _unique(transactions)
    history = address_history(unique)
    ordered = sorted(unique, key=lambda tx: (tx.block is None, tx.block or 0, tx.txid))
    found: list[ChangeSuggestion] = []
    for tx in ordered:
        found.extend(suggestions_for(tx, history, chosen))
    return found


def suggestions_for(
    tx: Transaction, history: AddressHistory, rules: ClusteringRules
) -> list[ChangeSuggestion]:
    """The suggestions of one transaction, given the history of the set it belongs to."""
    outputs = [(index, item) for index, item in enumerate(tx.outputs) if item.address is not None]
    input_addresses = tx.input_addresses()
    if tx.coinbase or len(outputs) < 2 or not tx.inputs:
        return []
    if any(item.address in input_addresses for _, item in outputs):
        return []
    if detect_coinjoin(tx, rules.coinjoin):
        return []
    change = rules.change
    found: list[ChangeSuggestion] = []
    for rule, confidence, pick in (
        ("one_time_change", change.one_time_change.confidence, _one_time_change(tx, outputs, history)),
        ("address_type", change.address_type.confidence, _address_type(tx, outputs)),
        (
            "round_amount",
            change.round_amount.confidence,
            _round_amount(outputs, change.round_amount.max_decimals),
        ),
    ):
        if pick is not None:
            index, reason = pick
            address = tx.outputs[index].address
            assert address is not None  # only addressed outputs are candidates
            found.append(ChangeSuggestion(tx.txid, index, address, rule, confidence, reason))
    return found


Pick = tuple[int, str] | None


def _one_time_change(tx: Transaction, outputs: list[tuple[int, TxOutput]], history: AddressHistory) -> Pick:
    if tx.block is None:
        return None
    block = tx.block
    fresh = [
        index
        for index, item in outputs
        if not history.seen_before(str(item.address), block)
        and history.receipts.get(str(item.address), 0) <= 1
    ]
    if len(fresh) != 1:
        return None
    others = [item for index, item in outputs if index != fresh[0]]
    if not all(history.seen_before(str(item.address), block) for item in others):
        return None
    return fresh[
        0
    ], "its address is new here and never paid again; every other output's address was seen before"


def _address_type(tx: Transaction, outputs: list[tuple[int, TxOutput]]) -> Pick:
    if any(item.address is None for item in tx.inputs):
        return None
    input_types = {script_type(str(item.address)) for item in tx.inputs}
    if len(input_types) != 1 or None in input_types:
        return None
    (kind,) = input_types
    output_types = [(index, script_type(str(item.address))) for index, item in outputs]
    if any(found is None for _, found in output_types):
        return None
    same = [index for index, found in output_types if found == kind]
    if len(same) != 1:
        return None
    return same[0], f"the only output of the inputs' script type ({kind})"


def _round_amount(outputs: list[tuple[int, TxOutput]], max_decimals: int) -> Pick:
    unit = 10 ** (8 - max_decimals)
    uneven = [index for index, item in outputs if to_sats(item.value) % unit != 0]
    if len(uneven) != 1:
        return None
    return uneven[0], f"every other output is a round amount (at most {max_decimals} decimals)"


def _unique(transactions: Iterable[Transaction]) -> list[Transaction]:
    unique: dict[str, Transaction] = {}
    for tx in transactions:
        prior = unique.setdefault(tx.txid, tx)
        if prior != tx:
            raise InvalidInput(f"transaction {tx.txid} is given twice with different inputs or outputs")
    return list(unique.values())


def address_history(transactions: Iterable[Transaction]) -> AddressHistory:
    """Where each address of ``transactions`` appears (give each transaction once)."""
    first_block: dict[str, int] = {}
    receipts: dict[str, int] = {}
    for tx in transactions:
        paid = {item.address for item in tx.outputs if item.address is not None}
        for address in paid:
            receipts[address] = receipts.get(address, 0) + 1
        if tx.block is None:
            continue
        for address in tx.input_addresses() | paid:
            if tx.block < first_block.get(address, tx.block + 1):
                first_block[address] = tx.block
    return AddressHistory(first_block, receipts)
