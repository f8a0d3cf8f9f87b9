// The element ids of the nodes whose cell floor is $level (the index on cellFloor).
MATCH (n:Entity)
  WHERE n.cellFloor = $level
RETURN elementId(n) AS id
