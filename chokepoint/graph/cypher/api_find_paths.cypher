// API: up to 25 shortest paths (at most 8 hops, and at most $maxHops) between two entities over
// $relTypes (empty: every type); every node and relationship on a path is visible to the viewer.
// Equally short paths come in the order of their node ids, then relationship types and directions:
// a stable order that cursors can page through, the same in any database holding the same records.
// A UTXO transaction is crossed (a payment, or a co-spend: a step through a wallet cluster) unless it
// is a CoinJoin or a split decision the viewer sees disregards it, as sanctionsExposure and
// supplyChains cross them; it may still be an end of the path (the last hop, outside the repeated part).
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE any(g IN a.markings WHERE g IN $grants)
  AND any(g IN b.markings WHERE g IN $grants)
MATCH p = SHORTEST 25 (a)(()-[r]-(m:Entity)
  WHERE (size($relTypes) = 0 OR type(r) IN $relTypes)
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))){0,7}
  ()-[last WHERE (size($relTypes) = 0 OR type(last) IN $relTypes) AND any(g IN last.markings WHERE g IN $grants)]-(b)
WHERE length(p) <= $maxHops
WITH p ORDER BY length(p), [n IN nodes(p) | n.id], [r IN relationships(p) | type(r)],
               [r IN relationships(p) | startNode(r).id]
RETURN [n IN nodes(p) | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [r IN relationships(p) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                 props: properties(r)}] AS relationships
