// Every node id (exporting a whole graph).
MATCH (n:Entity)
RETURN n.id AS id
