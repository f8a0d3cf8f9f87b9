"""Opening source files: plain or compressed, hashed, with clear errors for unreadable files."""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
from pathlib import Path
from typing import IO, cast

from chokepoint.errors import InvalidRecord

_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    """SHA-256 of the file as stored (compressed files are hashed compressed)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InvalidRecord(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def open_binary(path: Path) -> IO[bytes]:
    """Open ``path`` for reading bytes, decompressing ``.bz2`` and ``.gz`` on the fly."""
    try:
        if path.suffix == ".bz2":
            return bz2.open(path, "rb")
        if path.suffix == ".gz":
            return cast(IO[bytes], gzip.open(path, "rb"))
        return path.open("rb")
    except OSError as exc:
        raise InvalidRecord(f"{path}: cannot open: {exc.strerror or exc}") from exc


def read_tail(path: Path, size: int = 4096) -> bytes:
    """The last ``size`` bytes of the (decompressed) content; reads compressed files to the end."""
    with open_binary(path) as handle:
        if path.suffix not in (".bz2", ".gz"):
            end = handle.seek(0, 2)
            handle.seek(max(0, end - size))
            return handle.read()
        tail = b""
        try:
            while chunk := handle.read(_CHUNK):
                tail = (tail + chunk)[-size:]
        except (EOFError, OSError) as exc:
            raise InvalidRecord(f"{path}: the compressed file is truncated or corrupt ({exc})") from exc
        return tail


def read_csv_rows(path: Path, columns: tuple[str, ...], kind: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for a headed CSV; a file lacking one of ``columns`` is not ``kind``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise InvalidRecord(f"{path}: not {kind}: missing column(s) {', '.join(missing)}")
            return [(line, row) for line, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidRecord(f"{path}: cannot read as CSV: {exc}") from exc
