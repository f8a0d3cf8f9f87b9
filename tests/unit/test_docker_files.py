"""What can be checked of docker/ without a Docker engine: compose structure, Dockerfile references."""

from __future__ import annotations

import re

import typer.main
import yaml

from chokepoint.cli.main import app
from chokepoint.settings import PROJECT_ROOT, Settings

DOCKER = PROJECT_ROOT / "docker"


def compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


def test_compose_runs_neo4j_lts_and_the_api_once_neo4j_is_healthy():
    services = compose()["services"]
    neo4j, api = services["neo4j"], services["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert neo4j["healthcheck"]["test"] and api["healthcheck"]["test"]
    assert api["build"] == {"context": "..", "dockerfile": "docker/Dockerfile"}
    assert (DOCKER / api["build"]["context"] / api["build"]["dockerfile"]).is_file()


def test_neo4j_keeps_data_and_logs_in_named_volumes_and_is_sized_by_environment():
    spec = compose()
    mounts = dict(volume.split(":")[::-1] for volume in spec["services"]["neo4j"]["volumes"])
    assert mounts["/data"] in spec["volumes"] and mounts["/logs"] in spec["volumes"]
    environment = spec["services"]["neo4j"]["environment"]
    assert {"NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"} <= set(environment)
    assert "${NEO4J_PASSWORD" in environment["NEO4J_AUTH"]


def test_the_api_is_configured_by_real_setting_names():
    environment = compose()["services"]["api"]["environment"]
    fields = {f"CHOKEPOINT_{name.upper()}" for name in Settings.model_fields}
    assert set(environment) <= fields
    assert {"CHOKEPOINT_NEO4J_URI", "CHOKEPOINT_NEO4J_PASSWORD"} <= set(environment)


def test_env_example_defines_every_variable_compose_requires():
    text = (DOCKER / "compose.yaml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", text))
    example = (DOCKER / ".env.example").read_text()
    defined = set(re.findall(r"^#? ?([A-Z0-9_]+)=", example, re.MULTILINE))
    assert used <= defined


def test_dockerfile_copies_existing_paths_and_runs_a_real_command():
    dockerfile = (DOCKER / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    for line in re.findall(r"^COPY (.+) \S+$", dockerfile, re.MULTILINE):
        for source in line.split():
            assert (PROJECT_ROOT / source).exists(), source
    assert re.search(r"^USER (?!root)", dockerfile, re.MULTILINE)
    command = typer.main.get_command(app)
    serve = command.commands["serve"]  # type: ignore[attr-defined]
    options = {opt for param in serve.params for opt in param.opts}
    assert {"--host", "--port"} <= options
    assert 'CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    for variable in re.findall(r"(CHOKEPOINT_[A-Z_]+)=", dockerfile):
        assert variable.removeprefix("CHOKEPOINT_").lower() in Settings.model_fields
