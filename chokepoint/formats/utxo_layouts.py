"""The layouts ``btc-transactions`` reads, each turned into the format's own record (camelCase JSON).

- Esplora / Blockstream / mempool.space ``GET /tx/:txid`` JSON: ``txid``, ``vin[].prevout``
  (``scriptpubkey_address``, ``value`` in satoshis), ``vin[].txid``/``vout`` of the spent output,
  ``vin[].is_coinbase``, ``vout[].scriptpubkey_address``/``value``, ``status`` (``confirmed``,
  ``block_height``, ``block_hash``, ``block_time``), ``fee`` in satoshis;
- Bitcoin Core ``getrawtransaction TXID 2``: ``vin[].prevout`` (``value`` in coins,
  ``scriptPubKey.address``, or the one-entry ``addresses`` list of older nodes), ``vin[].coinbase``,
  ``vout[].n``/``value``/``scriptPubKey``, ``blockhash``, ``blocktime``, ``fee`` in coins;
- Bitcoin Core ``getblock HASH 3``: a block whose ``tx`` holds such transactions, dated by the
  block's ``height``, ``hash`` and ``time``.

A file holds one transaction or block, a JSON array of them, or JSON lines; a JSON-RPC answer
(``{"result": …, "error": null}``) is read as its result. Numbers are read as exact decimals, never
floats. What a layout cannot give is a reason to refuse that transaction alone (``problem``): an input
without its spent output (a verbosity-1 export), a transaction not yet in a block, a value that is not
a whole number of satoshis or is negative.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.ingest.agency.envelope import RawRecord

SATOSHI = Decimal("0.00000001")
_BLOCK_KEYS = ("height", "hash", "time")


class LayoutError(ValueError):
    """Why one transaction of a layout cannot be read (the rest of the file loads)."""


def read_documents(path: Path) -> list[Any]:
    """The file's JSON values: one document, or one per line of a JSON-lines file.

    A file that is neither (a truncated download, another format) stops here with one message.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidRecord(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidRecord(f"{path}: not a btc-transactions file: not UTF-8 text ({exc})") from exc
    try:
        return [json.loads(text, parse_float=Decimal)]
    except json.JSONDecodeError as whole:
        lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) < 2:
            raise InvalidRecord(
                f"{path}: not a btc-transactions file: not JSON ({whole}); a truncated download?"
            ) from None
        documents = []
        for number, line in lines:
            try:
                documents.append(json.loads(line, parse_float=Decimal))
            except json.JSONDecodeError as exc:
                raise InvalidRecord(
                    f"{path}: not a btc-transactions file: neither JSON nor JSON lines (line {number}: "
                    f"{exc}); a truncated download? Nothing was loaded"
                ) from None
        return documents


def is_envelope(documents: list[Any]) -> bool:
    """A Chokepoint envelope (``format``, ``records``) in the format's own layout."""
    return len(documents) == 1 and isinstance(documents[0], dict) and "records" in documents[0]


def raw_transactions(name: str, documents: list[Any]) -> list[RawRecord]:
    """Every transaction of the documents as the format's record, or with the reason it is refused."""
    raws: list[RawRecord] = []
    for position, document in enumerate(documents):
        where = name if len(documents) == 1 else f"{name} line {position + 1}"
        raws.extend(_from_document(where, _unwrapped(document)))
    return raws


def _unwrapped(document: Any) -> Any:
    if isinstance(document, dict) and "result" in document and "error" in document:
        if document["error"] is not None:
            raise InvalidRecord(f"a JSON-RPC answer that is an error: {document['error']}")
        return document["result"]
    return document


def _from_document(where: str, document: Any) -> Iterator[RawRecord]:
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from _from_document(f"{where} [{index}]", _unwrapped(item))
    elif isinstance(document, dict) and isinstance(document.get("tx"), list) and "height" in document:
        yield from _block(where, document)
    else:
        yield _transaction(where, document, block=None)


def _block(where: str, block: dict[str, Any]) -> Iterator[RawRecord]:
    context = {key: block.get(key) for key in _BLOCK_KEYS}
    for index, tx in enumerate(block["tx"]):
        if not isinstance(tx, dict):
            raise InvalidRecord(
                f"{where}: block {block.get('hash')} lists transaction ids only (getblock verbosity 1): "
                "export it with getblock HASH 3, which gives each input's spent output"
            )
        yield _transaction(f"{where} block {context['height']} tx[{index}]", tx, context)


def _transaction(where: str, tx: Any, block: dict[str, Any] | None) -> RawRecord:
    txid = tx.get("txid") if isinstance(tx, dict) else None
    key = txid.strip().lower() if isinstance(txid, str) and txid.strip() else None
    where = f"{where} txid {key}" if key else where
    try:
        if (
            not isinstance(tx, dict)
            or not isinstance(tx.get("vin"), list)
            or not isinstance(tx.get("vout"), list)
        ):
            raise LayoutError("not a transaction: expected an object with txid, vin and vout")
        data = _esplora(tx) if _is_esplora(tx) else _core(tx, block)
    except LayoutError as exc:
        return RawRecord(where, key, tx, problem=str(exc))
    return RawRecord(where, key, data)


def _is_esplora(tx: dict[str, Any]) -> bool:
    outputs = [item for item in tx["vout"] if isinstance(item, dict)]
    return "status" in tx or any("scriptpubkey" in item or "scriptpubkey_address" in item for item in outputs)


# -- Esplora -----------------------------------------------------------------------------------
def _esplora(tx: dict[str, Any]) -> dict[str, Any]:
    status = tx.get("status") or {}
    if not status.get("confirmed"):
        raise LayoutError(_UNCONFIRMED)
    inputs = [_esplora_input(index, item) for index, item in enumerate(tx["vin"])]
    coinbase = any(item.get("coinbase") for item in inputs)
    fee = tx.get("fee")
    return {
        "txid": tx.get("txid"),
        "block": status.get("block_height"),
        "blockHash": status.get("block_hash"),
        "timestamp": status.get("block_time"),
        "fee": None if coinbase or fee is None else _satoshis(fee, "fee"),
        "inputs": inputs,
        "outputs": [
            {"address": _text(item.get("scriptpubkey_address")), "value": _satoshis(item.get("value"), where)}
            for index, item in enumerate(_objects(tx["vout"], "output"))
            for where in [f"output {index}"]
        ],
    }


def _esplora_input(index: int, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise LayoutError(f"input {index} is not an object")
    if item.get("is_coinbase"):
        return {"coinbase": True}
    prevout = item.get("prevout")
    if not isinstance(prevout, dict):
        raise LayoutError(_no_prevout(index, item, "the Esplora tx JSON gives it as vin[].prevout"))
    return {
        "address": _text(prevout.get("scriptpubkey_address")),
        "value": _satoshis(prevout.get("value"), f"input {index}"),
        "spentTxid": item.get("txid"),
        "spentVout": item.get("vout"),
    }


def _satoshis(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value != int(value):
        raise LayoutError(f"{what}: value {value!r} is not a whole number of satoshis")
    if value < 0:
        raise LayoutError(f"{what}: negative value {value} satoshis")
    return Decimal(int(value)) * SATOSHI


# -- Bitcoin Core ------------------------------------------------------------------------------
def _core(tx: dict[str, Any], block: dict[str, Any] | None) -> dict[str, Any]:
    if block is None:
        if not tx.get("blockhash"):
            raise LayoutError(_UNCONFIRMED)
        block = {"height": tx.get("height"), "hash": tx.get("blockhash"), "time": tx.get("blocktime")}
    inputs = [_core_input(index, item) for index, item in enumerate(tx["vin"])]
    coinbase = any(item.get("coinbase") for item in inputs)
    fee = tx.get("fee")
    return {
        "txid": tx.get("txid"),
        "block": block["height"],
        "blockHash": block["hash"],
        "timestamp": block["time"],
        "fee": None if coinbase or fee is None else _coins(fee, "fee"),
        "inputs": inputs,
        "outputs": [
            {"address": _core_address(item.get("scriptPubKey")), "value": _coins(item.get("value"), where)}
            for index, item in enumerate(_objects(tx["vout"], "output"))
            for where in [f"output {item.get('n', index)}"]
        ],
    }


def _core_input(index: int, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise LayoutError(f"input {index} is not an object")
    if "coinbase" in item:
        return {"coinbase": True}
    prevout = item.get("prevout")
    if not isinstance(prevout, dict):
        raise LayoutError(
            _no_prevout(
                index,
                item,
                "Bitcoin Core gives it only at verbosity 2 (getrawtransaction TXID 2, getblock HASH 3); "
                "this looks like a verbosity-1 export",
            )
        )
    return {
        "address": _core_address(prevout.get("scriptPubKey")),
        "value": _coins(prevout.get("value"), f"input {index}"),
        "spentTxid": item.get("txid"),
        "spentVout": item.get("vout"),
    }


def _core_address(script: Any) -> str | None:
    """``scriptPubKey.address`` (Core 22 and later), or the only entry of ``addresses`` (earlier). A
    pay-to-pubkey output has none: Core before 22 printed its key's P2PKH form in ``addresses``, which
    Esplora and Core 22+ do not, and one transaction must give the same links whichever export it
    came from."""
    if not isinstance(script, dict) or script.get("type") == "pubkey":
        return None
    if script.get("address"):
        return _text(script["address"])
    addresses = script.get("addresses")
    if isinstance(addresses, list) and len(addresses) == 1:
        return _text(addresses[0])
    return None  # bare multisig lists several keys' addresses: no one address owns the output


def _coins(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise LayoutError(f"{what}: value {value!r} is not a number of coins")
    if value < 0:
        raise LayoutError(f"{what}: negative value {value}")
    return Decimal(value)


# -- shared ------------------------------------------------------------------------------------
_UNCONFIRMED = (
    "not confirmed in a block (no block in the export): an unconfirmed transaction may still be "
    "replaced; load it once it is mined"
)


def _no_prevout(index: int, item: dict[str, Any], hint: str) -> str:
    spent = f"{item.get('txid')}:{item.get('vout')}"
    return f"input {index} (spends {spent}) carries no prevout, the spent output's address and value: {hint}"


def _objects(items: list[Any], what: str) -> list[dict[str, Any]]:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise LayoutError(f"{what} {index} is not an object")
    return items


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
