// API chokepoints: one hop of the projected subgraph. For each visible node of $ids: its visible
// degree over $relTypes and, unless that exceeds $maxDegree (a supernode: kept, not expanded), the
// id of each visible neighbour over each visible relationship of $relTypes, and which way it points.
// A UTXO transaction is a neighbour (a co-spend step: its spenders meet through it) unless it is a
// CoinJoin or a split decision the viewer sees disregards it, as supplyChains crosses them.
// Guided by chain floors that hold ($floor 'cell' or 'supplier', chokepoint/analysis/fetch.py): only
// neighbours whose floor toward the other end is at most $bound, and nothing is capped (the degree is
// not counted): the search is then exact over what the viewer may see, the floors only narrowing it.
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
WHERE any(g IN n.markings WHERE g IN $grants)
WITH n, disregarded, CASE WHEN $floor IS NULL THEN COUNT {
  MATCH (n)-[c]-(o:Entity)
  WHERE type(c) IN $relTypes
    AND any(g IN c.markings WHERE g IN $grants)
    AND any(g IN o.markings WHERE g IN $grants)
    AND (NOT o:UtxoTransaction OR (o.coinjoin = false AND NOT o.id IN disregarded))
} ELSE 0 END AS degree
CALL (n, degree, disregarded) {
  MATCH (n)-[r]-(m:Entity)
  WHERE degree <= $maxDegree AND type(r) IN $relTypes
    AND ($floor IS NULL OR CASE $floor WHEN 'cell' THEN m.cellFloor ELSE m.supplierFloor END <= $bound)
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))
  RETURN collect(m.id) AS neighbours
}
RETURN n.id AS id, degree, neighbours
