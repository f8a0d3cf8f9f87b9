// Remove the chain floors of up to $batch nodes (the indexes on supplierFloor and cellFloor find
// them); the number of nodes cleared.
CALL () {
  MATCH (n:Entity) WHERE n.supplierFloor IS NOT NULL RETURN n
  UNION
  MATCH (n:Entity) WHERE n.cellFloor IS NOT NULL RETURN n
}
WITH n LIMIT $batch
REMOVE n.supplierFloor, n.cellFloor
RETURN count(n) AS removed
