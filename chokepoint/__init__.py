"""Chokepoint: follow the money behind fentanyl through one Neo4j knowledge graph."""

__version__ = "0.1.0"
