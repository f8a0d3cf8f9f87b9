// One level of the supplier floors' breadth-first walk: the nodes $level hops from a precursor_supplier.
// $ids: element ids of nodes at $level - 1; every neighbour over $types, either way and whoever may
// see the link, that has no supplier floor yet gets $level. The number newly reached.
UNWIND $ids AS eid
MATCH (n:Entity) WHERE elementId(n) = eid
MATCH (n)-[r]-(m:Entity)
  WHERE type(r) IN $types AND m.supplierFloor IS NULL
SET m.supplierFloor = $level
RETURN count(DISTINCT m) AS reached
