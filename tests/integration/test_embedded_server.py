"""The launcher against the real Neo4j: start/status/stop, ports, passwords, errors."""

import os
import signal
import socket
import stat
import time
from pathlib import Path

import pytest

from chokepoint import composition
from chokepoint.errors import GraphUnavailable, PortInUse
from chokepoint.graph.queries import CypherQuery
from chokepoint.server import launcher
from chokepoint.server.runtime import installed_runtime
from chokepoint.settings import Settings

pytestmark = pytest.mark.neo4j


def test_runs_neo4j_5_26_community(graph):
    info = graph.server_info()
    assert info.version.startswith("5.26.")
    assert info.edition == "community"


def test_second_start_reuses_the_running_server(neo4j_settings):
    if not neo4j_settings.embedded:
        pytest.skip("external server: nothing is started locally")  # only with CHOKEPOINT_NEO4J_URI
    pid = launcher.running_pid(neo4j_settings)
    result = composition.start_embedded(neo4j_settings)
    assert result.already_running
    assert result.pid == pid
    assert installed_runtime(neo4j_settings) is not None  # resolved once, reused


def test_password_file_is_private(neo4j_settings):
    if not neo4j_settings.embedded:
        pytest.skip("external server: no local password file")
    path = launcher.instance_of(neo4j_settings).password_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) >= 24
    generated = {launcher.generate_password() for _ in range(200)}
    assert len(generated) == 200 and all(p.isalnum() for p in generated)  # a leading "-" read as an option


def test_wrong_password_is_refused_with_a_clear_error(neo4j_settings):
    from chokepoint.graph import Graph

    with pytest.raises(GraphUnavailable, match="refused the credentials"):
        Graph.connect(neo4j_settings.bolt_uri, "neo4j", "not-the-password")


def test_a_taken_port_is_reported_before_starting(neo4j_settings, tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        settings = Settings(home=neo4j_settings.home, instance="porttest", bolt_port=port)
        with pytest.raises(PortInUse, match=rf"Port {port} on 127.0.0.1.*CHOKEPOINT_BOLT_PORT"):
            composition.start_embedded(settings)
    assert launcher.running_pid(settings) is None


def wait_until_gone(pid: int) -> None:
    """Bounded: a killed process disappears (is reaped by init) within moments."""
    for _ in range(300):
        if not Path(f"/proc/{pid}").exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} is still there after SIGKILL")


def test_full_lifecycle_of_a_second_instance(neo4j_settings):
    """start → status → start again → kill -9 → start (stale pid file, store recovery) → stop → stop
    again, on its own port and data folder."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(
        home=neo4j_settings.home,
        instance="lifecycle",
        bolt_port=port,
        heap_size="512m",
        pagecache_size="128m",
    )
    try:
        first = composition.start_embedded(settings)
        assert not first.already_running and first.version.startswith("5.26.")
        assert launcher.running_pid(settings) == first.pid
        assert composition.start_embedded(settings).already_running
        assert launcher.store_size_bytes(settings) > 0
        with composition.connect(settings) as graph:
            graph.write(CypherQuery("t", "MERGE (n:KillProbe {id: 1})"))
        os.kill(first.pid, signal.SIGKILL)
        wait_until_gone(first.pid)
        assert launcher.instance_of(settings).pid_file.exists()  # stale: left by the killed server
        assert launcher.running_pid(settings) is None
        assert not launcher.instance_of(settings).pid_file.exists()
        again = composition.start_embedded(settings)
        assert not again.already_running and again.pid != first.pid
        with composition.connect(settings) as graph:
            assert graph.read(CypherQuery("t", "MATCH (n:KillProbe) RETURN count(n) AS c")) == [{"c": 1}]
    finally:
        assert launcher.stop(settings)
    assert launcher.running_pid(settings) is None
    assert not launcher.stop(settings)
    with pytest.raises(GraphUnavailable, match="not reachable"):
        composition.server_version(settings)


def test_routing_uri_works_like_a_cluster_or_aura_uri(neo4j_settings):
    """neo4j:// makes the driver fetch a routing table, as with a cluster or Aura."""
    from chokepoint.graph import Graph

    user, password = composition.credentials(neo4j_settings)
    routed = neo4j_settings.bolt_uri.replace("bolt://", "neo4j://")
    with Graph.connect(routed, user, password, neo4j_settings.neo4j_database) as graph:
        graph.write(CypherQuery("t", "MERGE (n:RoutingProbe {id: 1})"))
        assert graph.read(CypherQuery("t", "MATCH (n:RoutingProbe) RETURN count(n) AS c")) == [{"c": 1}]
        graph.write(CypherQuery("t", "MATCH (n:RoutingProbe) DELETE n"))
