"""Apply the schema-derived constraints and indexes to a database (idempotent)."""

from __future__ import annotations

from chokepoint.graph.adapter import Graph
from chokepoint.graph.queries import load_query
from chokepoint.graph.statements import schema_statements
from chokepoint.schema.model import DomainModel


def apply_schema(graph: Graph, model: DomainModel) -> list[str]:
    """Create every missing constraint and index; return the names that were new."""
    before = existing_schema_names(graph)
    for statement in schema_statements(model):
        graph.run_autocommit(statement)
    graph.run_autocommit(load_query("await_indexes"))
    return sorted(existing_schema_names(graph) - before)


def existing_schema_names(graph: Graph) -> set[str]:
    return {row["name"] for row in graph.read(load_query("show_schema_objects"))}
