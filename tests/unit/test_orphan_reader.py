"""A big source's reader process must not outlive its writer: after ``kill -9`` of ``chokepoint
ingest`` the worker found its queue full and waited on it forever (bench/faults/ingest_kill.py).
Here a parent starts the real worker on a small file with one-record batches and a one-slot queue,
so the worker is soon blocked on the queue; the parent is killed and the worker must exit."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from chokepoint.settings import PROJECT_ROOT

PARENT = """
import multiprocessing, sys, time
from pathlib import Path
from chokepoint.ingest.parallel import WorkerSpec, _produce
from chokepoint.ingest.registry import Options

if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    channel = context.Queue(maxsize=1)
    spec = WorkerSpec("records", Path(sys.argv[1]), Options(), 0)
    worker = context.Process(target=_produce, args=(spec, Path(sys.argv[2]), 1, channel), daemon=True)
    worker.start()
    print(worker.pid, flush=True)
    time.sleep(600)
"""


def alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "\\nState:\\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


def test_the_reader_process_exits_when_its_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    source = PROJECT_ROOT / "tests" / "fixtures" / "ofac_sample.json"
    parent = subprocess.Popen(
        [sys.executable, str(script), str(source), str(PROJECT_ROOT / "schema")],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        time.sleep(1.0)  # the worker fills the one-slot queue and blocks on it
        assert alive(worker)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        for _ in range(300):  # bounded: the worker polls its parent every second
            if not alive(worker):
                break
            time.sleep(0.1)
        assert not alive(worker), "the reader process outlived its killed parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)  # whatever is left of the group
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
