"""The installed strawberry-graphql and graphql-core are within pyproject's pins: the API relies on
internals of theirs (``api/internals.py``) known to work in the pinned range only."""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version

import pytest
from graphql import GraphQLSchema, validate
from graphql.execution import Executor
from packaging.requirements import Requirement

from chokepoint.api.execution import ApiExecutionContext
from chokepoint.api.internals import graphql_schema
from chokepoint.api.schema import build_schema
from chokepoint.settings import PROJECT_ROOT

PINNED = ("strawberry-graphql", "graphql-core")


def requirements() -> dict[str, Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {r.name: r for r in found if r.name in PINNED}


@pytest.mark.parametrize("name", PINNED)
def test_installed_versions_are_within_the_pins(name):
    requirement = requirements()[name]
    assert requirement.specifier.filter([version(name)]), (name, version(name), str(requirement.specifier))
    assert any(spec.operator == "<" for spec in requirement.specifier), f"{name} has no upper bound"


@pytest.mark.parametrize("name", PINNED)
def test_the_minimum_is_the_version_the_tests_run_on(name):
    """The lower bound must be a version the code is known to run on: the installed one, which this
    suite exercises. When a newer release within the pins is installed, raise the minimum to it (an
    older one is then untested; pip installs the newest, so nothing else here would notice)."""
    minimum = [spec.version for spec in requirements()[name].specifier if spec.operator == ">="]
    assert minimum == [version(name)], (name, minimum, version(name))


def test_the_internals_the_api_uses_are_there(api_registry):
    schema = graphql_schema(build_schema(api_registry))
    assert isinstance(schema, GraphQLSchema) and schema.query_type is not None
    overridden = Executor.collect_subfields  # ApiExecutionContext replaces it
    assert "CollectedFields" in str(inspect.signature(overridden).return_annotation)
    assert issubclass(ApiExecutionContext, Executor)
    assert "hide_suggestions" in inspect.signature(validate).parameters
