"""The validating thread's own time, less the time it spent collecting garbage.

The validation budget (``limits.budget_rule``) measures a document's work on the thread's clock so
that waiting for a core is not charged to it. A full garbage collection is charged to whichever
thread happens to allocate when it falls due, and in a process holding a large heap it can take
longer than the whole budget: an ordinary query would then be refused, and the refusal kept with
its text. So the time spent in the collector is kept per thread (``gc.callbacks``) and taken off.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any


class _Collections(threading.local):
    started: float | None = None
    spent: float = 0.0


_collections = _Collections()


def _on_collection(phase: str, _info: dict[str, Any]) -> None:
    if phase == "start":
        _collections.started = time.thread_time()
    elif _collections.started is not None:
        _collections.spent += time.thread_time() - _collections.started
        _collections.started = None


gc.callbacks.append(_on_collection)


def work_time() -> float:
    """Seconds of this thread's own time outside garbage collections (a clock for differences)."""
    return time.thread_time() - _collections.spent
