// Node ids (exporting a whole graph), at most $limit of them, as one list: a row per id costs the
// driver far more.
MATCH (n:Entity)
WITH n LIMIT $limit
RETURN collect(n.id) AS ids
