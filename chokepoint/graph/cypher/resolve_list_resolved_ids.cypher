// Nodes that currently carry a resolvedId.
MATCH (n:Entity) WHERE n.resolvedId IS NOT NULL
RETURN n.id AS id, n.resolvedId AS resolvedId
