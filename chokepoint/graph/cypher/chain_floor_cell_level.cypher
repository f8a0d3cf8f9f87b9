// One level of the cell floors' breadth-first walk: the nodes $level hops from a distribution_cell.
// $ids: element ids of nodes at $level - 1; every neighbour over $types, either way and whoever may
// see the link, that has no cell floor yet gets $level. The number newly reached.
UNWIND $ids AS eid
MATCH (n:Entity) WHERE elementId(n) = eid
MATCH (n)-[r]-(m:Entity)
  WHERE type(r) IN $types AND m.cellFloor IS NULL
SET m.cellFloor = $level
RETURN count(DISTINCT m) AS reached
