"""Start, stop and inspect the embedded Neo4j instance.

The instance lives in ``<home>/instances/<instance>/`` (conf, data, logs, run, password). The
server runs in the background as its own process group; ``start`` returns once Bolt answers a query.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chokepoint.errors import ChokepointError, PortInUse, ServerError
from chokepoint.server.conf import jvm_options, render_conf
from chokepoint.server.runtime import ADMIN_TOOL, ENTRY_POINT, Runtime, ensure_runtime
from chokepoint.server.toolchain import find_java
from chokepoint.settings import Settings

STOP_TIMEOUT_S = 120.0
# After a crash Neo4j replays its transaction logs before Bolt answers; on a loaded machine that can
# outlast the start timeout. While its debug log shows a recovery still running, start keeps a whole
# start timeout ahead (for the start that follows the recovery), up to this many start timeouts.
RECOVERY_PATIENCE = 4.0
_RECOVERY_STARTED = b"TransactionLogsRecovery"
_RECOVERY_DONE = b"Recovery in '"
PORT_GRACE_S = 10.0
LOG_TAIL_LINES = 25


@dataclass(frozen=True)
class Instance:
    """Paths of one embedded instance."""

    root: Path

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def pid_file(self) -> Path:
        return self.root / "run" / "chokepoint-neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def debug_log(self) -> Path:
        return self.logs_dir / "debug.log"


@dataclass(frozen=True)
class StartResult:
    already_running: bool
    pid: int
    version: str
    seconds: float


def instance_of(settings: Settings) -> Instance:
    return Instance(settings.instance_dir)


def generate_password(length: int = 32) -> str:
    """Letters and digits only: a password starting with "-" would read as an option to the admin tool."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(length))


def embedded_password(settings: Settings) -> str:
    """The instance's password, generated on first use and kept in a file only the user can read."""
    instance = instance_of(settings)
    path = instance.password_file
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = generate_password()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def running_pid(settings: Settings) -> int | None:
    """The pid of this instance's server when it is alive, else None.

    A stale pid file (a server killed with ``kill -9``, a machine restarted) is removed: its pid may
    be dead, unreadable, or reused by another process, even another instance's Neo4j, which
    ``stop`` must never signal; so the pid counts only if its command line runs Neo4j's entry point
    on this instance's home."""
    instance = instance_of(settings)
    try:
        pid = int(instance.pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        instance.pid_file.unlink(missing_ok=True)
        return None
    if _is_our_server(pid, instance):
        return pid
    instance.pid_file.unlink(missing_ok=True)
    return None


def start(settings: Settings, ready: Callable[[Settings], str]) -> StartResult:
    """Start the server unless it runs already; ``ready`` returns the version once Bolt answers."""
    began = time.monotonic()
    pid = running_pid(settings)
    if pid is not None:
        return StartResult(True, pid, ready(settings), time.monotonic() - began)
    java = find_java(settings.java)
    runtime = ensure_runtime(settings)
    instance = instance_of(settings)
    _check_ports_free(settings)
    _prepare(settings, instance, runtime, java)
    log_offset = _size(instance.debug_log)
    pid = _spawn(settings, instance, runtime, java)
    instance.pid_file.write_text(f"{pid}\n", encoding="utf-8")
    version = _wait_until_ready(settings, instance, pid, ready, log_offset)
    return StartResult(False, pid, version, time.monotonic() - began)


def stop(settings: Settings) -> bool:
    """Stop the server cleanly (SIGTERM, then SIGKILL after a timeout). False if it was not running."""
    pid = running_pid(settings)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        if not _alive(pid):
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
    instance_of(settings).pid_file.unlink(missing_ok=True)
    return True


def store_size_bytes(settings: Settings) -> int:
    data = instance_of(settings).data_dir
    return sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) if data.exists() else 0


def _prepare(settings: Settings, instance: Instance, runtime: Runtime, java: Path) -> None:
    for folder in (
        instance.conf_dir,
        instance.data_dir,
        instance.logs_dir,
        instance.pid_file.parent,
        instance.root / "import",
        instance.root / "plugins",
    ):
        folder.mkdir(parents=True, exist_ok=True)
    (instance.conf_dir / "neo4j.conf").write_text(render_conf(settings, instance.root), encoding="utf-8")
    if not (instance.data_dir / "dbms" / "auth.ini").exists():
        _set_initial_password(settings, instance, runtime, java)


def _set_initial_password(settings: Settings, instance: Instance, runtime: Runtime, java: Path) -> None:
    """Neo4j's own admin tool writes the initial password before the first start."""
    password = embedded_password(settings)
    command = [
        str(java),
        "-cp",
        runtime.classpath,
        f"-Dneo4j.home={instance.root}",
        f"-Dneo4j.conf={instance.conf_dir}",
        ADMIN_TOOL,
        "dbms",
        "set-initial-password",
        "--",  # end of options, whatever the password looks like
        password,
    ]
    env = {**os.environ, "NEO4J_HOME": str(instance.root), "NEO4J_CONF": str(instance.conf_dir)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise ServerError(
            f"Setting the initial Neo4j password failed (exit {done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[-800:]}"
        )


def _spawn(settings: Settings, instance: Instance, runtime: Runtime, java: Path) -> int:
    """Launch the server fully detached (its own session, re-parented away from us); return its pid."""
    command = [
        str(java),
        *jvm_options(settings),
        "-cp",
        runtime.classpath,
        ENTRY_POINT,
        f"--home-dir={instance.root}",
        f"--config-dir={instance.conf_dir}",
    ]
    env = {
        **os.environ,
        "NEO4J_HOME": str(instance.root),
        "NEO4J_CONF": str(instance.conf_dir),
        "CHOKEPOINT_CONSOLE_LOG": str(instance.console_log),
    }
    detach = 'exec "$@" >>"$CHOKEPOINT_CONSOLE_LOG" 2>&1 </dev/null &\necho $!'
    done = subprocess.run(
        ["/bin/sh", "-c", detach, "sh", *command],
        cwd=instance.root,
        env=env,
        capture_output=True,
        text=True,
        start_new_session=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip().isdigit():
        raise ServerError(f"Could not launch Java for Neo4j: {done.stderr.strip() or done.stdout!r}")
    return int(done.stdout.strip())


def _wait_until_ready(
    settings: Settings, instance: Instance, pid: int, ready: Callable[[Settings], str], log_offset: int = 0
) -> str:
    began = time.monotonic()
    deadline = began + settings.start_timeout_s
    patience = began + RECOVERY_PATIENCE * settings.start_timeout_s
    last_error: ChokepointError | None = None
    while time.monotonic() < deadline:
        if _recovering(instance, log_offset):  # the whole timeout again once the recovery is done
            deadline = min(patience, max(deadline, time.monotonic() + settings.start_timeout_s))
        if not _alive(pid):
            instance.pid_file.unlink(missing_ok=True)
            raise ServerError(f"Neo4j exited during start-up. Last lines of its logs:\n{_log_tail(instance)}")
        try:
            return ready(settings)
        except ChokepointError as exc:
            last_error = exc
            time.sleep(0.5)
    os.kill(pid, signal.SIGTERM)
    instance.pid_file.unlink(missing_ok=True)
    raise ServerError(
        f"Neo4j did not answer on Bolt port {settings.bolt_port} within "
        f"{settings.start_timeout_s:.0f} s (last error: {last_error}). Raise "
        f"CHOKEPOINT_START_TIMEOUT_S if the machine is slow. Last lines of its logs:\n"
        f"{_log_tail(instance)}"
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def recovering(text: bytes) -> bool:
    """Whether a debug log written since the start shows a transaction-log recovery not yet done."""
    started = text.rfind(_RECOVERY_STARTED)
    return started >= 0 and text.find(_RECOVERY_DONE, started) < 0


def _recovering(instance: Instance, log_offset: int) -> bool:
    try:
        with instance.debug_log.open("rb") as log:
            log.seek(log_offset)
            return recovering(log.read())
    except FileNotFoundError:
        return False


def _check_ports_free(settings: Settings) -> None:
    ports = [("Bolt", settings.bolt_port, "CHOKEPOINT_BOLT_PORT")]
    if settings.http_enabled:
        ports.append(("HTTP", settings.http_port, "CHOKEPOINT_HTTP_PORT"))
    for name, port, variable in ports:
        deadline = time.monotonic() + PORT_GRACE_S  # a server stopped a moment ago may still hold it
        while not _port_free(port):
            if time.monotonic() > deadline:
                raise PortInUse(
                    f"Port {port} on 127.0.0.1, which the embedded Neo4j needs for {name}, is already "
                    f"taken by another program. Stop that program, or choose another port with "
                    f"{variable}=<port>; to use a Neo4j that is already running, set "
                    f"CHOKEPOINT_NEO4J_URI instead."
                )
            time.sleep(0.25)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Like Neo4j's own listener: lingering TIME_WAIT connections do not make a port busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _log_tail(instance: Instance) -> str:
    lines: list[str] = []
    for log in (instance.console_log, instance.logs_dir / "neo4j.log"):
        if log.is_file():
            text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            lines.extend(f"  {log.name}: {line}" for line in text[-LOG_TAIL_LINES:])
    return "\n".join(lines) or "  (no log output)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/status")  # a zombie counts as gone
    return not (status.exists() and "\nState:\tZ" in status.read_text(encoding="utf-8"))


def _is_our_server(pid: int, instance: Instance) -> bool:
    if not _alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        arguments = cmdline.read_bytes().split(b"\0")
    except FileNotFoundError:
        return not Path("/proc").is_dir()  # no /proc (not Linux): trust a live pid
    return ENTRY_POINT.encode() in arguments and f"--home-dir={instance.root}".encode() in arguments
