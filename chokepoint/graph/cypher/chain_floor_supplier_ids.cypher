// The element ids of the nodes whose supplier floor is $level (the index on supplierFloor).
MATCH (n:Entity)
  WHERE n.supplierFloor = $level
RETURN elementId(n) AS id
