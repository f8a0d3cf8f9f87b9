// API sanctionsExposure, guided walk: one breadth-first step from $frontier over $types (those of
// $toward only from the frontier node outward, those of $from only inward: a directed exposure's
// money flows), through links and onto nodes the viewer may see, keeping only nodes whose exposure floor is at most
// $floor (no path of the length sought runs through the others). Each node once, with one link back
// (the least parent id, then the least link element id) so the path can be walked back. A UTXO
// transaction is stepped onto unless it is a CoinJoin or a split the viewer sees disregards it (as
// api_find_sanctions_exposure.cypher).
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
UNWIND $frontier AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
  WHERE type(r) IN $types
    AND (NOT type(r) IN $toward OR startNode(r) = n) AND (NOT type(r) IN $from OR endNode(r) = n)
    AND any(g IN n.markings WHERE g IN $grants)
    AND m.exposureFloor <= $floor
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))
WITH m, n.id AS parent, elementId(r) AS link
ORDER BY parent, link
WITH m, head(collect([parent, link])) AS back
RETURN m.id AS id, m.exposureFloor AS floor, back[0] AS parent, back[1] AS link
