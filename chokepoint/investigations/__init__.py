"""Saved Cypher investigations: ``queries/*.cypher`` with a typed header, run by name."""
