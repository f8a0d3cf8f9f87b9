"""The ``btc-transactions`` format: whole transactions of a UTXO chain, inputs and outputs.

``chokepoint ingest btc-transactions PATH --chain bitcoin|bitcoin-cash|litecoin`` (default bitcoin)
reads what analysts export or fetch (:mod:`utxo_layouts`): Esplora / mempool.space tx JSON and
Bitcoin Core verbose JSON (``getrawtransaction TXID 2``, ``getblock HASH 3``), one object, an array or
JSON lines, with ``--dataset --agency --caveat`` for provenance; or the format's own envelope, whose
records are the transaction model below (``docs/formats/btc-transactions.schema.json``).

Mapping: each transaction becomes

    (a:CryptoAddress) -[:SPENT_IN {inputIndex, value, spentTxid, spentVout}]-> (t:UtxoTransaction)
    (t:UtxoTransaction {chain, txid}) -[:PAID_TO {outputIndex, value}]-> (b:CryptoAddress)

with record id ``chain:txid``. The node and its links are identified by the chain, the txid and the
input or output index, so the same transaction from two files or two layouts is one node with one set
of links. Values are whole coins as exact decimals (Esplora's satoshis scaled by 10^-8 exactly; Core's
coins read as decimals, never floats). An input or output without an address (coinbase, pay-to-pubkey,
OP_RETURN, bare multisig, nonstandard) gets no link and is counted on the node
(``unaddressedInputs``/``unaddressedOutputs``); its value still counts in the totals. A transaction is
refused whole, naming its txid and the reason, when it is not in a block, an input lacks its spent
output, a value is negative or finer than a satoshi, an address fails its chain's check, or the fee
disagrees with inputs less outputs; the rest of the file loads.

A transaction whose spent outputs were all one address's (a *single payer*, no CoinJoin) says exactly
who paid whom: each output to another address also becomes a ledger ``Transfer`` (payer -> output
address, the output's value, its index as the log index), identified as a ledger row of the same
payment is (``wallet_ledger.add_transfer``), so an explorer export of the same transaction merges
onto the same node; after the load the SENT_FUNDS_TO totals of the pairs the file touched are
recomputed from the Transfer nodes, as for a ledger. The node says so (``transfersDerived``). A
transaction with several payers derives nothing: which input paid which output is not in it, and any
pairing would be an attribution, not a sum; its money is read through the node (ARCHITECTURE.md,
"UTXO transactions").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from chokepoint.clustering.cluster_rules import CoinJoinRules, default_rules
from chokepoint.clustering.coinjoin import detect_coinjoin
from chokepoint.clustering.tx_model import from_btc_record
from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats.common import FormatModel
from chokepoint.formats.ledger_values import AMOUNT_PATTERN, blank_to_none, parse_amount, parse_timestamp
from chokepoint.formats.utxo_layouts import SATOSHI, is_envelope, raw_transactions, read_documents
from chokepoint.formats.wallet_ledger import LegFacts, TransferLegs, add_transfer
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
from chokepoint.ingest.token_assets import TokenIdentity
from chokepoint.values.amounts import canonical_decimal, exact_sum

FORMAT = "btc-transactions"
UTXO_CHAINS = {"bitcoin": "BTC", "bitcoin-cash": "BCH", "litecoin": "LTC"}
DEFAULT_CHAIN = "bitcoin"
_CASHADDR_PREFIX = "bitcoincash:"


def parse_coins(value: Any) -> Decimal:
    """A non-negative amount of coins, exact to the satoshi (at most 8 decimals)."""
    amount = parse_amount(value)
    if amount != amount.quantize(SATOSHI):
        raise ValueError(f"{format(amount, 'f')} has more than 8 decimals (a satoshi is 0.00000001)")
    return amount


Coins = Annotated[
    Decimal,
    BeforeValidator(parse_coins),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": AMOUNT_PATTERN}]}
    ),
]
BlockTime = Annotated[
    dt.datetime | None,
    BeforeValidator(lambda v: None if blank_to_none(v) is None else parse_timestamp(v)),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 4}, {"type": "null"}]}
    ),
]
Txid = Annotated[str, BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v)]
_TXID = r"^[0-9a-f]{64}$"


class UtxoInput(FormatModel):
    """An input: the output it spends (address, value, where it was created), or the coinbase."""

    coinbase: bool = Field(
        False, description="The coinbase input of a block's first transaction: spends nothing"
    )
    address: Annotated[str | None, BeforeValidator(blank_to_none)] = Field(
        None, description="Address of the spent output; none for pay-to-pubkey, bare multisig, nonstandard"
    )
    value: Coins | None = Field(None, description="Value of the spent output in whole coins")
    spent_txid: Txid | None = Field(
        None, pattern=_TXID, description="Transaction that created the spent output"
    )
    spent_vout: int | None = Field(None, ge=0, description="Index of the spent output in that transaction")

    @model_validator(mode="after")
    def _spends_something(self) -> UtxoInput:
        if not self.coinbase and self.value is None:
            raise ValueError("an input other than the coinbase needs the value of the output it spends")
        return self


class UtxoOutput(FormatModel):
    """An output: the address it pays (none for OP_RETURN and other scripts without one) and its value."""

    address: Annotated[str | None, BeforeValidator(blank_to_none)] = Field(
        None, description="Address paid; none for OP_RETURN, pay-to-pubkey, bare multisig, nonstandard"
    )
    value: Coins = Field(description="Value in whole coins")


class UtxoTransactionRecord(FormatModel):
    """One mined transaction with every input and output, in the order of the transaction."""

    txid: Txid = Field(pattern=_TXID, description="Transaction id, 64 hex digits")
    block: Annotated[int | None, BeforeValidator(blank_to_none)] = Field(
        None, ge=0, description="Block height"
    )
    block_hash: Annotated[str | None, BeforeValidator(blank_to_none)] = Field(
        None, pattern=r"^[0-9a-fA-F]{64}$", description="Hash of the block"
    )
    timestamp: BlockTime = Field(None, description="Block time: unix seconds or ISO 8601 (UTC)")
    fee: Coins | None = Field(None, description="Fee in whole coins, checked against inputs less outputs")
    inputs: list[UtxoInput] = Field(min_length=1)
    outputs: list[UtxoOutput] = Field(min_length=1)

    @property
    def coinbase(self) -> bool:
        return any(item.coinbase for item in self.inputs)

    @property
    def input_value(self) -> str | None:
        """The spent outputs' total, exact decimal text (None on a coinbase: it spends nothing)."""
        spent = [item.value for item in self.inputs if not item.coinbase]
        return exact_sum(spent) if spent else None

    @property
    def output_value(self) -> str:
        return exact_sum(item.value for item in self.outputs)

    @model_validator(mode="after")
    def _balances(self) -> UtxoTransactionRecord:
        if self.block is None and self.block_hash is None:
            raise ValueError(
                "not in a block: give its block or blockHash (unconfirmed transactions are refused)"
            )
        if self.coinbase:
            if len(self.inputs) != 1:
                raise ValueError("a coinbase transaction has exactly one input")
            return self
        spent, paid = Decimal(self.input_value or 0), Decimal(self.output_value)
        if paid > spent:
            raise ValueError(
                f"outputs ({canonical_decimal(paid)}) exceed inputs ({canonical_decimal(spent)})"
            )
        if self.fee is not None and self.fee != spent - paid:
            raise ValueError(
                f"fee {canonical_decimal(self.fee)} disagrees with inputs less outputs "
                f"({canonical_decimal(spent - paid)})"
            )
        return self


# -- mapping to graph records ----------------------------------------------------------------------
def transaction_records(
    tx: UtxoTransactionRecord,
    context: RecordContext,
    chain: str = DEFAULT_CHAIN,
    coinjoin_rules: CoinJoinRules | None = None,
    touched: TouchedPairs | None = None,
) -> list[Record]:
    """The transaction node, its SPENT_IN and PAID_TO links and their addresses; InvalidRecord on a bad
    address (the whole transaction is refused). The node says whether the whole transaction is a
    CoinJoin by ``coinjoin_rules`` (default: schema/clustering.yaml's), so that chains never step
    through a mix's inputs as if they were one wallet. A single payer's payments are also Transfers;
    their sender -> receiver pairs go into ``touched`` for the totals' refresh, last, once every
    address has passed its check (a refused transaction touches no pair)."""
    asset = UTXO_CHAINS[chain]
    mixes = detect_coinjoin(from_btc_record(tx), coinjoin_rules or default_rules().coinjoin)
    builder = RecordBuilder(context)
    node = NodeRef("UtxoTransaction", {"chain": chain, "txid": tx.txid})
    spent = [item for item in tx.inputs if not item.coinbase]
    links: list[tuple[str, NodeRef, NodeRef, dict[str, Any]]] = []
    for index, item in enumerate(tx.inputs):
        if item.address is not None:
            props = {"inputIndex": index, "value": canonical_decimal(item.value)}
            props |= {"spentTxid": item.spent_txid, "spentVout": item.spent_vout}
            links.append(("SPENT_IN", _address(builder, chain, item.address, asset), node, props))
    paid: list[tuple[int, NodeRef, Decimal]] = []
    for index, output in enumerate(tx.outputs):
        if output.address is not None:
            payee = _address(builder, chain, output.address, asset)
            paid.append((index, payee, output.value))
            props = {"outputIndex": index, "value": canonical_decimal(output.value)}
            links.append(("PAID_TO", node, payee, props))
    spenders = [source for kind, source, _, _ in links if kind == "SPENT_IN"]
    payer = None if mixes else _single_payer(tx, spenders)
    spent_value, paid_value = tx.input_value, tx.output_value
    fee = None if spent_value is None else canonical_decimal(Decimal(spent_value) - Decimal(paid_value))
    builder.node(
        "UtxoTransaction",
        {
            "chain": chain,
            "txid": tx.txid,
            "asset": asset,
            "block": tx.block,
            "blockHash": tx.block_hash.lower() if tx.block_hash else None,
            "timestamp": tx.timestamp,
            "coinbase": tx.coinbase,
            "fee": fee,
            "inputValue": spent_value,
            "outputValue": paid_value,
            "inputCount": len(tx.inputs),
            "outputCount": len(tx.outputs),
            "unaddressedInputs": sum(1 for item in spent if item.address is None),
            "unaddressedOutputs": sum(1 for item in tx.outputs if item.address is None),
            "coinjoin": bool(mixes),
            "coinjoinRule": mixes[0].rule if mixes else None,
            "transfersDerived": payer is not None,
        },
    )
    for rel_type, source, target, props in links:
        builder.link(rel_type, source, target, **props)
    if payer is not None:
        _derive_transfers(builder, tx, chain, payer, paid, touched)
    return builder.records


def _single_payer(tx: UtxoTransactionRecord, spenders: list[NodeRef]) -> NodeRef | None:
    """The one address whose outputs the transaction spent, when every spent output had that address."""
    addressed = len(spenders) == len(tx.inputs) and not tx.coinbase
    payers = {str(spender.identity["address"]) for spender in spenders}
    return spenders[0] if addressed and len(payers) == 1 else None


def _derive_transfers(
    builder: RecordBuilder,
    tx: UtxoTransactionRecord,
    chain: str,
    payer: NodeRef,
    paid: list[tuple[int, NodeRef, Decimal]],
    touched: TouchedPairs | None,
) -> None:
    """A single payer's outputs to other addresses as ledger transfers (change back to itself is none)."""
    legs = TransferLegs(log_index_given=True)  # a leg's order only tells apart equal outputs of one tx
    held = TokenIdentity(UTXO_CHAINS[chain], None, None)
    sender = str(payer.identity["address"])
    for index, payee, value in paid:
        receiver = str(payee.identity["address"])
        if receiver == sender:
            continue
        facts = LegFacts(chain, tx.txid, held, canonical_decimal(value), index)
        add_transfer(builder, legs, facts, payer, payee, timestamp=tx.timestamp, block=tx.block)
        if touched is not None:
            touched.add(chain, sender, receiver)


def _address(builder: RecordBuilder, chain: str, raw: str, asset: str) -> NodeRef:
    """The CryptoAddress node, checked for its chain; its record id is the address (as the ledger's)."""
    text = raw.strip()
    if chain == "bitcoin-cash" and text.lower().startswith(_CASHADDR_PREFIX):
        text = text[len(_CASHADDR_PREFIX) :]  # Bitcoin Cash nodes print the prefix; the lists do not
    return builder.ledger_address(chain, text, asset)


# -- reading a file --------------------------------------------------------------------------------
def open_transactions(path: Path, options: Options) -> list[ParsedSource]:
    """The file's transactions as one source; provenance from its envelope or the CLI options."""
    chain = _chain(options.chain)
    if options.decimal_comma:
        raise ConfigurationError("--decimal-comma is for CSV ledgers; transaction JSON uses a decimal point")
    documents = read_documents(path)
    if is_envelope(documents):
        provenance, raws = read_envelope(path, FORMAT, SPEC.key_field)
    else:
        missing = [f"--{name}" for name in ("dataset", "agency", "caveat") if not getattr(options, name)]
        if missing:
            raise ConfigurationError(
                f"{path}: Esplora and Bitcoin Core exports carry no provenance: give {', '.join(missing)} "
                "(and --published YYYY-MM-DD, --synthetic when they apply)"
            )
        provenance = provenance_from_options(path, options, FORMAT)
        raws = raw_transactions(path.name, documents)
    rules = default_rules().coinjoin
    touched = TouchedPairs()

    def finish(graph: Graph) -> None:
        refresh_transfer_totals(graph, provenance, touched)

    records = _records(provenance, raws, chain, rules, touched)
    return [ParsedSource(provenance, records, total=len(raws), finish=finish)]


def _chain(option: str | None) -> str:
    chain = (option or DEFAULT_CHAIN).strip().lower()
    if chain not in UTXO_CHAINS:
        raise ConfigurationError(
            f"--chain {option!r}: {FORMAT} reads the UTXO chains {', '.join(UTXO_CHAINS)}"
        )
    return chain


def _records(
    provenance: Provenance,
    raws: Iterable[RawRecord],
    chain: str,
    rules: CoinJoinRules,
    touched: TouchedPairs,
) -> Iterator[Record]:
    for raw in raws:
        record_id = f"{chain}:{raw.key}" if raw.key else raw.where
        if raw.problem is not None:
            yield RejectedRecord(record_id, f"{FORMAT} transaction ({raw.where}): {raw.problem}")
            continue
        parsed = validate(SPEC, raw)
        if isinstance(parsed, RejectedRecord):
            yield RejectedRecord(record_id, parsed.reason)
            continue
        record_id = f"{chain}:{parsed.txid}"
        context = RecordContext(provenance.dataset, provenance.agency, parsed.txid, record_id)
        try:
            records = transaction_records(parsed, context, chain, rules, touched)
        except InvalidRecord as exc:
            yield RejectedRecord(record_id, f"{FORMAT} transaction ({raw.where}): {exc}")
            continue
        yield from records


SPEC: AgencyFormat[UtxoTransactionRecord] = AgencyFormat(
    FORMAT,
    UtxoTransactionRecord,
    "txid",
    partial(transaction_records, chain=DEFAULT_CHAIN),
    reads="whole UTXO transactions, JSON: Esplora / mempool.space tx JSON, Bitcoin Core `getrawtransaction "
    "TXID 2` or `getblock HASH 3` (one, an array or JSON lines; `--chain` bitcoin, bitcoin-cash or litecoin, "
    "`--dataset --agency --caveat`)",
    becomes="UtxoTransaction nodes (block, time, fee, counts, coinbase) with SPENT_IN from each input's "
    "address and PAID_TO each output's address, onto the same address nodes; a single payer's payments also "
    "Transfer nodes, and SENT_FUNDS_TO totals recomputed after the load",
    opener=open_transactions,
)
