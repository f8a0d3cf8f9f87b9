import pytest

from chokepoint.errors import ConfigurationError
from chokepoint.server.conf import jvm_options, render_conf
from chokepoint.settings import Settings, load_settings


def test_external_uri_turns_off_the_embedded_server(monkeypatch):
    monkeypatch.setenv("CHOKEPOINT_NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
    settings = load_settings()
    assert not settings.embedded
    assert settings.bolt_uri == "neo4j+s://abc.databases.neo4j.io"


def test_bad_uri_scheme_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("CHOKEPOINT_NEO4J_URI", "http://localhost:7474")
    with pytest.raises(ConfigurationError, match=r"CHOKEPOINT_NEO4J_URI.*must start with one of"):
        load_settings()


def test_bad_memory_size_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("CHOKEPOINT_HEAP_SIZE", "lots")
    with pytest.raises(ConfigurationError, match="CHOKEPOINT_HEAP_SIZE"):
        load_settings()


def test_conf_listens_on_loopback_with_auth(tmp_path):
    settings = Settings(bolt_port=7999, heap_size="2g", pagecache_size="3g", home=tmp_path)
    conf = render_conf(settings, tmp_path / "i")
    assert "server.bolt.listen_address=127.0.0.1:7999" in conf
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert "server.http.enabled=false" in conf
    assert "server.memory.pagecache.size=3g" in conf
    assert f"server.directories.data={tmp_path / 'i' / 'data'}" in conf
    assert "0.0.0.0" not in conf  # noqa: S104 - asserting the wildcard address is absent
    assert "-Xmx2g" in jvm_options(settings)
