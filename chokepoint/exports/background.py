"""A binary stream whose writes are carried out on a thread of their own.

Deflating a zip entry costs as much as rendering the markup that goes into it; zlib lets go of the
GIL while it compresses, so on its own thread the compression runs beside the rendering instead of
interrupting it.
"""

from __future__ import annotations

import io
import queue
import threading
from typing import IO, Any

_QUEUED = 4  # writes waiting at most (each a few megabytes of markup)


class BackgroundWriter(io.RawIOBase):
    """Passes each ``write`` to ``out`` on a worker thread, in order; :meth:`close` waits for the
    last one. An error of ``out`` is raised again by the next write or by ``close``."""

    def __init__(self, out: IO[bytes]) -> None:
        super().__init__()
        self._out = out
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUED)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="export-writer", daemon=True)
        self._thread.start()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._raise_pending()
        chunk = bytes(data)
        self._queue.put(chunk)
        return len(chunk)

    def close(self) -> None:
        if not self.closed:
            self._queue.put(None)
            self._thread.join()
            super().close()
            self._raise_pending()

    def _drain(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None:  # after a failure, chunks are only taken off the queue
                try:
                    self._out.write(chunk)
                except BaseException as exc:  # handed to the writing thread
                    self._error = exc

    def _raise_pending(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error
