"""Adapter for ``wallet-ledger`` files: transfers as Transfer nodes with SENT and RECEIVED.

A JSON envelope or a CSV file in one of the layouts of :mod:`chokepoint.formats.wallet_ledger`
(native, Etherscan token-transfer export, Tronscan transfer export; detected from the header row).
CSV files are read twice: once before anything is written (a file that is not CSV, has no known
layout or cannot be decoded stops there), then streamed, so a ledger of millions of transfers is never
held in memory. Each transfer becomes

    (from:CryptoAddress) -[:SENT]-> (:Transfer {chain, txHash, index}) -[:RECEIVED]-> (to:CryptoAddress)

with record id ``chain:txHash:index``. A row with a bad address (checksum), an unknown chain, a
non-numeric amount or a bad timestamp is rejected naming its CSV line and transaction; the rest load.
After the load (``ParsedSource.finish``) the SENT_FUNDS_TO totals of the address pairs the file
touched are recomputed from the Transfer nodes (:mod:`transfer_totals`).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoint.errors import InvalidRecord
from chokepoint.formats.wallet_ledger import (
    FORMAT,
    LedgerLayout,
    LedgerTransfer,
    describe_layouts,
    detect_layout,
    normalise_chain,
    normalise_tx_hash,
)
from chokepoint.ingest import crypto
from chokepoint.ingest.agency.envelope import (
    AgencyFormat,
    RawRecord,
    RecordContext,
    provenance_from_options,
    read_envelope,
    validate,
)
from chokepoint.ingest.agency.parties import RecordBuilder
from chokepoint.ingest.agency.transfer_totals import TouchedPairs, refresh_transfer_totals
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, Record, RejectedRecord
from chokepoint.ingest.source import ParsedSource

if TYPE_CHECKING:
    from chokepoint.graph import Graph
    from chokepoint.ingest.registry import Options


def transfer_records(transfer: LedgerTransfer, context: RecordContext) -> list[Record]:
    """The nodes and relationships of one transfer; a bad address raises InvalidRecord."""
    return _mapped(transfer, context)[0]


def _mapped(transfer: LedgerTransfer, context: RecordContext) -> tuple[list[Record], str, str]:
    """The transfer's records, and its sender's and receiver's normalised addresses."""
    builder = RecordBuilder(context)
    sender = _address(builder, transfer.chain, transfer.from_, transfer.asset)
    receiver = _address(builder, transfer.chain, transfer.to, transfer.asset)
    moved = builder.node("Transfer", {
        "chain": transfer.chain, "txHash": transfer.tx_hash, "index": transfer.index, "asset": transfer.asset,
        "amount": float(transfer.amount), "timestamp": transfer.timestamp, "block": transfer.block,
    })  # fmt: skip
    builder.link("SENT", sender, moved)
    builder.link("RECEIVED", moved, receiver)
    return builder.records, str(sender.identity["address"]), str(receiver.identity["address"])


def _address(builder: RecordBuilder, chain: str, raw: str, asset: str) -> NodeRef:
    """The CryptoAddress node of a checked address.

    ``displayForm`` only when it says more than the address (an EIP-55 mixed-case form): explorers
    print EVM addresses lower-case, and writing that form would undo the checksummed one another
    source gave, and back again at each load. The node's record id is the address itself, not the
    transfer: a busy address would otherwise collect one ``sourceRecords`` entry per transfer, and
    rewriting that growing list at every batch makes a big ledger's load quadratic.
    """
    parsed = crypto.normalise(chain, raw, asset)
    display = parsed.display_form if parsed.display_form != parsed.address else None
    key = {"chain": parsed.chain, "address": parsed.address}
    props = {**key, "assets": [asset], "displayForm": display, "checksumValid": parsed.checksum_valid}
    builder.records.append(NodeRecord("CryptoAddress", f"{parsed.chain}:{parsed.address}", props))
    return NodeRef("CryptoAddress", key)


SPEC: AgencyFormat[LedgerTransfer] = AgencyFormat(
    name=FORMAT, model=LedgerTransfer, key_field="txHash", to_records=transfer_records
)


def open_ledger(path: Path, options: Options) -> list[ParsedSource]:
    """The ledger as one source whose final step refreshes the totals of the pairs it touched."""
    if path.suffix.lower() == ".csv":
        provenance = provenance_from_options(path, options, FORMAT)
        layout, columns, total = _check_csv(path)
        raws: Iterable[RawRecord] = _csv_records(path, layout, columns)
    else:
        provenance, raw_list = read_envelope(path, FORMAT, SPEC.key_field)
        raws = [RawRecord(raw.where, _key(raw.data), raw.data) for raw in raw_list]
        total = len(raws)
    touched = TouchedPairs()

    def finish(graph: Graph) -> None:
        refresh_transfer_totals(graph, provenance, touched)

    return [ParsedSource(provenance, _records(provenance, raws, touched), total=total, finish=finish)]


def layout_of(path: Path) -> str:
    """The name of the CSV layout ``path`` is in (native, etherscan, tronscan)."""
    return _check_csv(path)[0].name


def _records(provenance: Provenance, raws: Iterable[RawRecord], touched: TouchedPairs) -> Iterator[Record]:
    for raw in raws:
        parsed = validate(SPEC, raw)
        if isinstance(parsed, RejectedRecord):
            yield parsed
            continue
        context = RecordContext(provenance.dataset, provenance.agency, parsed.key, parsed.key)
        try:
            records, sender, receiver = _mapped(parsed, context)
        except InvalidRecord as exc:
            yield RejectedRecord(parsed.key, f"{FORMAT} record ({raw.where}): {exc}")
            continue
        touched.add(parsed.chain, sender, receiver)
        yield from records


def _check_csv(path: Path) -> tuple[LedgerLayout, dict[str, str], int]:
    """The file's layout and columns, and its row count; reads the whole file once to check it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header:
                raise InvalidRecord(f"{path}: not a {FORMAT} CSV: the file is empty")
            found = detect_layout(header)
            if found is None:
                raise InvalidRecord(
                    f"{path}: not a {FORMAT} CSV: the header matches no known layout ({describe_layouts()})"
                )
            rows = sum(1 for row in reader if any(cell.strip() for cell in row))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidRecord(f"{path}: cannot read as CSV: {exc}") from exc
    return found[0], found[1], rows


def _csv_records(path: Path, layout: LedgerLayout, columns: dict[str, str]) -> Iterator[RawRecord]:
    """Each row as the native record's fields; explorer rows numbered per transaction in file order."""
    seen: Counter[str] = Counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            fields = layout.to_fields(row, columns)
            if "index" not in fields:
                tx_hash = str(normalise_tx_hash(fields.get("txHash", "")))
                fields["index"] = seen[tx_hash]
                seen[tx_hash] += 1
            yield RawRecord(f"{path.name} line {line}", _key(fields), fields)


def _key(data: Any) -> str | None:
    """``chain:txHash:index`` as written, so a rejected record names its transaction."""
    if not isinstance(data, dict) or not data.get("txHash"):
        return None
    chain = normalise_chain(data.get("chain", ""))
    return f"{chain}:{normalise_tx_hash(data['txHash'])}:{data.get('index') or 0}"
