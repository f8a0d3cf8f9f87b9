"""A big source's reader process must not outlive its writer (bench/faults/ingest_kill.py): after
``kill -9`` of ``chokepoint ingest`` the worker found its queue full and waited on it forever; and a
worker that had read everything waited for ever on exit, its queue's feeder thread still writing
batches into a pipe nobody read. Here a parent starts the real worker, on a small file with
one-record batches and a one-slot queue (blocked on the queue), or on a file of some megabytes in
one batch (blocked on the pipe after its last item); the parent is killed and the worker must exit."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    batch = int(sys.argv[3])
    received = context.Event()  # kept: the worker opens its semaphore after start() returns
    worker = context.Process(
        target=_produce, args=(spec, Path(sys.argv[2]), batch, channel, received), daemon=True
    )
    worker.start()
    print(worker.pid, flush=True)
    time.sleep(600)
"""


def alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


def big_source(folder: Path, people: int = 20_000) -> Path:
    """A records file whose one batch pickles to megabytes: far more than a pipe holds."""
    nodes = [
        {"label": "Person", "record": f"p{n}", "props": {"id": f"p:{n}", "name": f"Person number {n}"}}
        for n in range(people)
    ]
    provenance = {"dataset": "big", "agency": "OFAC", "caveat": "PUBLIC", "synthetic": True}
    path = folder / "big.json"
    path.write_text(json.dumps({"provenance": provenance, "nodes": nodes, "relationships": []}))
    return path


@pytest.mark.parametrize("blocked_on", ["queue", "pipe"])
def test_the_reader_process_exits_when_its_parent_is_killed(tmp_path, blocked_on):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    if blocked_on == "queue":
        source, batch, settle = PROJECT_ROOT / "tests" / "fixtures" / "ofac_sample.json", 1, 1.0
    else:
        source, batch, settle = big_source(tmp_path), 100_000, 4.0
    parent = subprocess.Popen(
        [sys.executable, str(script), str(source), str(PROJECT_ROOT / "schema"), str(batch)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        time.sleep(settle)  # the worker blocks on the full queue, or has read everything
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
