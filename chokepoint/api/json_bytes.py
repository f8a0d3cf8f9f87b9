"""JSON in and out of the API (request bodies, responses, audit lines) with orjson.

orjson encodes a typical response in about 1 µs where the standard library takes about 17 µs: a
share worth having at the API's few milliseconds per request (``bench/api_paths.py``). What orjson
refuses (integers beyond 64 bits, non-string keys) goes through the standard library instead, so
every answer the standard library could encode is still encoded. Values of other types are written
as their ``str()``.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

DecodeError = json.JSONDecodeError  # orjson.JSONDecodeError is a subclass


def dumps(value: Any) -> bytes:
    """``value`` as UTF-8 JSON."""
    try:
        return orjson.dumps(value, default=str)
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits, a key that is not a str
        return json.dumps(value, default=str, ensure_ascii=False).encode()


def loads(data: bytes | str) -> Any:
    """A JSON document; raises :data:`DecodeError` (also for bytes that are not UTF-8)."""
    return orjson.loads(data)
