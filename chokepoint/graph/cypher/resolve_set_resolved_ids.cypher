// Set (or, with a null value, remove) resolvedId on the given nodes.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.resolvedId = row.resolvedId
RETURN count(n) AS updated
