"""The graph adapter: the only package that talks to Neo4j."""

from chokepoint.graph.adapter import Graph, WriteCounts
from chokepoint.graph.queries import CypherQuery, load_query

__all__ = ["CypherQuery", "Graph", "WriteCounts", "load_query"]
