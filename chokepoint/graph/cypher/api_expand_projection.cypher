// API chokepoints: one hop of the projected subgraph. For each visible node of $ids: its visible
// degree over $relTypes and, unless that exceeds $maxDegree (a supernode: kept, not expanded), the
// id of each visible neighbour over each visible relationship of $relTypes, and which way it points.
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
WHERE (n.caveat = 'PUBLIC' OR (n.agency + '|' + n.caveat) IN $grants)
WITH n, COUNT {
  MATCH (n)-[c]-(o:Entity)
  WHERE type(c) IN $relTypes
    AND (c.caveat = 'PUBLIC' OR (c.agency + '|' + c.caveat) IN $grants)
    AND (o.caveat = 'PUBLIC' OR (o.agency + '|' + o.caveat) IN $grants)
} AS degree
CALL (n, degree) {
  MATCH (n)-[r]-(m:Entity)
  WHERE degree <= $maxDegree AND type(r) IN $relTypes
    AND (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
    AND (m.caveat = 'PUBLIC' OR (m.agency + '|' + m.caveat) IN $grants)
  RETURN collect(m.id) AS neighbours
}
RETURN n.id AS id, degree, neighbours
