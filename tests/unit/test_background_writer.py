"""The export stream that writes on its own thread keeps order and reports its stream's errors."""

from __future__ import annotations

import io

import pytest

from chokepoint.exports.background import BackgroundWriter


class FailingStream(io.BytesIO):
    def write(self, data: object) -> int:
        raise OSError("disk full")


def test_writes_arrive_in_order_and_whole() -> None:
    out = io.BytesIO()
    parts = [f"part {i};".encode() * (i % 7 + 1) for i in range(500)]
    with io.BufferedWriter(BackgroundWriter(out)) as stream:
        for part in parts:
            stream.write(part)
    assert out.getvalue() == b"".join(parts)


def test_an_error_of_the_stream_is_raised_in_the_writing_thread() -> None:
    writer = BackgroundWriter(FailingStream())
    writer.write(b"lost")
    with pytest.raises(OSError, match="disk full"):
        writer.close()
    assert writer.closed
