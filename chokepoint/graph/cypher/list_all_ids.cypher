// Every node id (exporting a whole graph), as one list: a row per id costs the driver far more.
MATCH (n:Entity)
RETURN collect(n.id) AS ids
