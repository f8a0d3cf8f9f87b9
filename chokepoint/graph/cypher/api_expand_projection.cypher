// API chokepoints: one hop of the projected subgraph. For each visible node of $ids: its visible
// degree over $relTypes and, unless that exceeds $maxDegree (a supernode: kept, not expanded), the
// id of each visible neighbour over each visible relationship of $relTypes, and which way it points.
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
WHERE any(g IN n.markings WHERE g IN $grants)
WITH n, COUNT {
  MATCH (n)-[c]-(o:Entity)
  WHERE type(c) IN $relTypes
    AND any(g IN c.markings WHERE g IN $grants)
    AND any(g IN o.markings WHERE g IN $grants)
} AS degree
CALL (n, degree) {
  MATCH (n)-[r]-(m:Entity)
  WHERE degree <= $maxDegree AND type(r) IN $relTypes
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
  RETURN collect(m.id) AS neighbours
}
RETURN n.id AS id, degree, neighbours
