// Members of a resolution cluster (nodes with this resolvedId).
MATCH (n:Entity {resolvedId: $resolvedId})
RETURN n.id AS id
