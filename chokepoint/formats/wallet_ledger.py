"""The ``wallet-ledger`` format: on-chain transfers, one per record, with the CSV layouts it accepts.

A record is one transfer of one asset between two addresses, identified by (chain, txHash, index).
JSON files wrap records in the shared envelope; CSV files come in four layouts, told apart by their
header row (``--chain`` names the chain of an explorer export whose file does not):

- ``native``: ``chain,txHash,index,from,to,asset,amount,timestamp,block``;
- ``etherscan``: Etherscan's ERC-20 token-transfer export (``Transaction Hash``/``Txhash``,
  ``Blockno``, ``UnixTimestamp``, ``DateTime (UTC)``, ``From``, ``To``, ``TokenValue``/``Quantity``,
  ``USDValueDayOfTx``, ``ContractAddress``, ``TokenName``, ``TokenSymbol``) - chain ``ethereum``;
- ``etherscan-transactions``: an Etherscan-family normal-transaction export (``Txhash``, ``Blockno``,
  ``UnixTimestamp``, ``From``, ``To``, ``Value_IN(X)``, ``Value_OUT(X)``, ``Status``, ``ErrCode``) -
  the coin X moved, on X's chain;
- ``etherscan-internal``: an Etherscan-family internal-transaction export (``Txhash``, ``Blockno``,
  ``UnixTimestamp``, ``ParentTxFrom`` …, ``From``, ``TxTo``, ``Value_IN(X)``, ``Value_OUT(X)``,
  ``Status``, ``ErrCode``, ``Type``) - the coin X a contract moved From -> TxTo;
- ``tronscan``: a Tronscan transfer export (the transfer list's fields ``transaction_id``/``hash``,
  ``block_ts``/``timestamp``, ``block``, ``from_address``, ``to_address``, ``quant``/``amount``,
  ``tokenAbbr``/``symbol``, optional ``tokenDecimal``; or the page export's ``Hash``, ``Block``,
  ``Time(UTC)``, ``From``, ``To``, ``Amount``, ``Token``) - chain ``tron``.

Explorer exports carry no log index: a transfer's leg (its ``index``) comes from what it moved
(``TransferLegs``), so it is one node whichever export or node says it.
Amounts are decimal strings (``1,234.50`` - thousands separators dropped); when a layout gives the
token's decimals the amount is in base units and is scaled. Timestamps are unix seconds, unix
milliseconds, ISO 8601 or ``YYYY-MM-DD HH:MM:SS`` (UTC).

Mapping: each transfer becomes

    (from:CryptoAddress) -[:SENT]-> (:Transfer {chain, txHash, index}) -[:RECEIVED]-> (to:CryptoAddress)

with record id ``chain:txHash:index``. A row with a bad address (checksum), an unknown chain, a
non-numeric amount or a bad timestamp is rejected naming its CSV line and transaction; the rest load.
After the load (``ParsedSource.finish``) the SENT_FUNDS_TO totals of the address pairs the file
touched are recomputed from the Transfer nodes (:mod:`transfer_totals`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats.common import Envelope, FormatModel
from chokepoint.formats.ledger_csv import Locale, check_csv, csv_records, explorer_chain
from chokepoint.formats.ledger_duplicates import repeated_transfers
from chokepoint.formats.ledger_values import (
    AMOUNT_PATTERN,
    Chain,
    blank_to_none,
    normalise_chain,
    normalise_tx_hash,
    parse_amount,
    parse_timestamp,
    transfer_key,
)
from chokepoint.graph import Graph
from chokepoint.ingest.agency.envelope import (
    AgencyFormat,
    RawRecord,
    RecordContext,
    provenance_from_options,
    read_envelope,
    validate,
)
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.agency.transfer_totals import TouchedPairs, refresh_transfer_totals
from chokepoint.ingest.records import NodeRef, Provenance, Record, RejectedRecord
from chokepoint.ingest.source import Options, ParsedSource
from chokepoint.ingest.token_assets import TokenIdentity, known_assets
from chokepoint.values.amounts import canonical_decimal

FORMAT = "wallet-ledger"


Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": AMOUNT_PATTERN},
            ]
        }
    ),
]
Timestamp = Annotated[
    dt.datetime,
    BeforeValidator(parse_timestamp),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 4}]}),
]
OptionalTimestamp = Annotated[Timestamp | None, BeforeValidator(blank_to_none)]


class LedgerTransfer(FormatModel):
    """One on-chain transfer: ``from`` sent ``amount`` of ``asset`` to ``to`` in ``txHash``."""

    chain: Annotated[Chain, BeforeValidator(normalise_chain)] = Field(description="Blockchain (bitcoin …)")
    tx_hash: Annotated[str, BeforeValidator(normalise_tx_hash)] = Field(
        min_length=8, pattern=r"^\S+$", description="Transaction hash (hex hashes are stored lower-case)"
    )
    index: Annotated[int, BeforeValidator(lambda v: 0 if v in (None, "") else v)] = Field(
        0, ge=0, description="Output / log index inside the transaction; 0 when there is one transfer"
    )
    from_: str = Field(alias="from", min_length=1, description="Sending address (checked with its checksum)")
    to: str = Field(min_length=1, description="Receiving address (checked with its checksum)")
    asset: Annotated[str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v)] = Field(
        min_length=1,
        max_length=64,  # token symbols are free text (yDAI+yUSDC+yUSDT+yTUSD, oETH $500 Call 11/20/20)
        description="Asset or token symbol (BTC, ETH, USDT …)",
    )
    amount: Amount = Field(description="Amount in whole units; a decimal string keeps every digit")
    token: Annotated[str | None, BeforeValidator(blank_to_none)] = Field(
        None,
        description="The token's contract address, when the asset is a token: its identity (the symbol "
        "is only a label). A contract listed in schema/assets.yaml is that asset; another is an asset "
        "of its own, flagged when it uses a listed symbol",
    )
    timestamp: OptionalTimestamp = Field(None, description="Block time: unix seconds or ISO 8601 (UTC)")
    block: Annotated[int | None, BeforeValidator(blank_to_none)] = Field(
        None, ge=0, description="Block height"
    )

    @property
    def key(self) -> str:
        """The record's stable id: chain, hash and index."""
        return f"{self.chain}:{self.tx_hash}:{self.index}"


WalletLedger = Envelope[LedgerTransfer]
"""A whole JSON file of the format (the JSON Schema is generated from this)."""


# -- mapping to graph records ----------------------------------------------------------------------
def transfer_records(transfer: LedgerTransfer, context: RecordContext) -> list[Record]:
    """The nodes and relationships of one transfer; a bad address raises InvalidRecord."""
    return _mapped(transfer, context, TransferLegs(log_index_given=True))[0]


class TransferLegs:
    """Which transfer of its transaction a ledger row is, the same whatever source says it.

    Explorer exports have no log index and number a transaction's rows themselves; node RPC and
    analytics records give the real one. A transfer's ``index`` is therefore its *leg*: a number
    derived from its asset, sender, receiver and exact amount (and, for rows a source tells apart
    by their log indexes though all of that is equal, their order), so the Etherscan row and the
    native row of one transfer are one node, and a transaction's coin and token transfers are
    two. The log index, when given, is kept as ``logIndex``.
    """

    def __init__(self, log_index_given: bool) -> None:
        self.log_index_given = log_index_given
        # content digest -> the log index it was first seen with, or (when a second one came) every
        # log index seen with its order: most transfers are seen once, and an int is small
        self._seen: dict[bytes, int | dict[int, int]] = {}

    def leg(self, content: tuple[str, ...], log_index: int) -> int:
        digest = hashlib.sha256("\x1f".join(content).encode()).digest()
        order = 0
        if self.log_index_given:
            order = self._order(digest[:12], log_index)
        if order:
            digest = hashlib.sha256(digest + str(order).encode()).digest()
        return int.from_bytes(digest[:6], "big")  # 48 bits: exact in every JSON reader

    def _order(self, key: bytes, log_index: int) -> int:
        seen = self._seen.get(key)
        if seen is None:
            self._seen[key] = log_index
            return 0
        if isinstance(seen, int):
            if seen == log_index:
                return 0
            seen = self._seen[key] = {seen: 0}
        return seen.setdefault(log_index, len(seen))


def _mapped(
    transfer: LedgerTransfer, context: RecordContext, legs: TransferLegs
) -> tuple[list[Record], str, str]:
    """The transfer's records, and its sender's and receiver's normalised addresses."""
    builder = RecordBuilder(context)
    held = known_assets().identify(transfer.chain, transfer.asset, transfer.token)
    sender = builder.ledger_address(transfer.chain, transfer.from_, held.asset)
    receiver = builder.ledger_address(transfer.chain, transfer.to, held.asset)
    add_transfer(
        builder,
        legs,
        LegFacts(transfer.chain, transfer.tx_hash, held, canonical_decimal(transfer.amount), transfer.index),
        sender,
        receiver,
        timestamp=transfer.timestamp,
        block=transfer.block,
    )
    return builder.records, str(sender.identity["address"]), str(receiver.identity["address"])


@dataclass(frozen=True)
class LegFacts:
    """What makes a transfer the one it is: its chain, transaction, asset, exact amount and log index."""

    chain: str
    tx_hash: str
    held: TokenIdentity
    amount: str  # canonical decimal text
    log_index: int


def add_transfer(
    builder: RecordBuilder,
    legs: TransferLegs,
    facts: LegFacts,
    sender: NodeRef,
    receiver: NodeRef,
    *,
    timestamp: dt.datetime | None,
    block: int | None,
) -> None:
    """The Transfer node between two address nodes already built, identified by its leg: the same node
    whether a ledger row or a UTXO transaction (``btc_transactions``) says it."""
    content = (
        facts.chain,
        facts.tx_hash,
        facts.held.asset,
        str(sender.identity["address"]),
        str(receiver.identity["address"]),
        facts.amount,
    )
    moved = builder.node(
        "Transfer",
        {
            "chain": facts.chain,
            "txHash": facts.tx_hash,
            "index": legs.leg(content, facts.log_index),
            "logIndex": facts.log_index if legs.log_index_given else None,
            "asset": facts.held.asset,
            "token": facts.held.token,
            "tokenStatus": facts.held.status,
            "amount": facts.amount,
            "timestamp": timestamp,
            "block": block,
        },
    )
    builder.link("SENT", sender, moved)
    builder.link("RECEIVED", moved, receiver)


def open_ledger(path: Path, options: Options) -> list[ParsedSource]:
    """The ledger as one source whose final step refreshes the totals of the pairs it touched."""
    if path.suffix.lower() == ".csv":
        provenance = provenance_from_options(path, options, FORMAT)
        locale = Locale.of(path, options.decimal_comma)
        layout, columns, total = check_csv(path, locale)
        chain = explorer_chain(layout, options.chain)
        refused = repeated_transfers(csv_records(path, layout, columns, chain, locale))
        raws: Iterable[RawRecord] = csv_records(path, layout, columns, chain, locale)
        legs = TransferLegs(log_index_given="index" in columns)
    else:
        if options.chain is not None:
            raise ConfigurationError(
                "--chain is for explorer CSV exports; a JSON ledger names each record's chain"
            )
        if options.decimal_comma:
            raise ConfigurationError(
                "--decimal-comma is for CSV ledgers saved by a spreadsheet; JSON numbers use a point"
            )
        provenance, raw_list = read_envelope(path, FORMAT, SPEC.key_field)
        raws = [RawRecord(raw.where, transfer_key(raw.data), raw.data) for raw in raw_list]
        refused = repeated_transfers(raws)
        total = len(raws)
        legs = TransferLegs(log_index_given=True)
    touched = TouchedPairs()

    def finish(graph: Graph) -> None:
        refresh_transfer_totals(graph, provenance, touched)

    records = _records(provenance, raws, refused, touched, legs)
    return [ParsedSource(provenance, records, total=total, finish=finish)]


def _records(
    provenance: Provenance,
    raws: Iterable[RawRecord],
    refused: dict[str, str],
    touched: TouchedPairs,
    legs: TransferLegs,
) -> Iterator[Record]:
    for raw in raws:
        problem = raw.problem or refused.get(raw.where)
        if problem is not None:
            yield RejectedRecord(raw.record_id, f"{FORMAT} record ({raw.where}): {problem}")
            continue
        parsed = validate(SPEC, raw)
        if isinstance(parsed, RejectedRecord):
            yield parsed
            continue
        context = RecordContext(provenance.dataset, provenance.agency, parsed.key, parsed.key)
        try:
            records, sender, receiver = _mapped(parsed, context, legs)
        except InvalidRecord as exc:
            yield RejectedRecord(parsed.key, f"{FORMAT} record ({raw.where}): {exc}")
            continue
        touched.add(parsed.chain, sender, receiver)
        yield from records


SPEC: AgencyFormat[LedgerTransfer] = AgencyFormat(
    FORMAT,
    LedgerTransfer,
    "txHash",
    transfer_records,
    reads="transfers, JSON or CSV: native, Etherscan token-transfer or normal-transaction export (or the "
    "same from another Etherscan-family explorer, with `--chain`), or Tronscan export (`--dataset --agency "
    "--caveat`)",
    becomes="Transfer nodes with SENT/RECEIVED, and address → address SENT_FUNDS_TO totals "
    "recomputed after the load",
    opener=open_ledger,
)
