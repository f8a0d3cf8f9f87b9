// The element ids of the nodes whose exposure floor is $level (the index on exposureFloor).
MATCH (n:Entity)
  WHERE n.exposureFloor = $level
RETURN elementId(n) AS id
