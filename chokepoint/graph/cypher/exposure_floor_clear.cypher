// Remove up to $batch exposure floors (the index on exposureFloor finds them); the number removed.
MATCH (n:Entity)
  WHERE n.exposureFloor IS NOT NULL
WITH n LIMIT $batch
REMOVE n.exposureFloor
RETURN count(n) AS removed
