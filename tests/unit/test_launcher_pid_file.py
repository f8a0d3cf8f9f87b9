"""The launcher's pid file after a crash: a pid that is dead, garbage, or reused by another process
(even another instance's Neo4j) is stale: ``running_pid`` removes the file and reports no server, so
``start`` starts one and ``stop`` signals nobody."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chokepoint.server import launcher
from chokepoint.server.runtime import ENTRY_POINT
from chokepoint.settings import Settings

SLEEP = "import time; time.sleep(60)"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path, instance="stale")


def write_pid(settings: Settings, text: str) -> None:
    pid_file = launcher.instance_of(settings).pid_file
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(text)


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """A live process whose command line looks like another instance's Neo4j."""
    process = subprocess.Popen(
        [sys.executable, "-c", SLEEP, ENTRY_POINT, "--home-dir=/elsewhere/instances/x"]
    )
    yield process
    process.kill()
    process.wait()


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("text", ["not a pid\n", ""])
def test_an_unreadable_pid_file_is_stale(settings, text):
    write_pid(settings, text)
    assert launcher.running_pid(settings) is None
    assert not launcher.instance_of(settings).pid_file.exists()


def test_the_pid_of_a_dead_process_is_stale(settings):
    write_pid(settings, f"{dead_pid()}\n")
    assert launcher.running_pid(settings) is None
    assert not launcher.instance_of(settings).pid_file.exists()
    assert launcher.stop(settings) is False


def test_a_pid_reused_by_another_process_is_stale_and_never_signalled(settings, sleeper):
    write_pid(settings, f"{os.getpid()}\n")  # alive, but not Neo4j
    assert launcher.running_pid(settings) is None
    write_pid(settings, f"{sleeper.pid}\n")  # Neo4j's entry point, but another instance's home
    assert launcher.running_pid(settings) is None
    assert launcher.stop(settings) is False
    assert sleeper.poll() is None  # still running: nobody signalled it


def test_the_pid_of_this_instances_server_counts(settings):
    home = f"--home-dir={launcher.instance_of(settings).root}"
    process = subprocess.Popen([sys.executable, "-c", SLEEP, ENTRY_POINT, home])
    try:
        cmdline = Path(f"/proc/{process.pid}/cmdline")
        for _ in range(100):  # bounded: until the child has exec'd (its command line is its own)
            if ENTRY_POINT.encode() in cmdline.read_bytes():
                break
            time.sleep(0.05)
        write_pid(settings, f"{process.pid}\n")
        assert launcher.running_pid(settings) == process.pid
    finally:
        process.kill()
        process.wait()
