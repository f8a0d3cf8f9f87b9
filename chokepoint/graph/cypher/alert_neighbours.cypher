// Watches: one breadth-first step of the exposure reach (chokepoint/alerts/evaluate.py): the
// neighbours of $frontier over $types, through links and to nodes $grants see, each once with one
// link back to the frontier (a link written since $since first, then the least id): how a subject
// found at the last step is walked back to its nearest sanctioned party. The caller keeps the set
// already reached. A UTXO transaction is stepped onto unless it is a CoinJoin or a split $grants see
// disregards it (as api_find_sanctions_exposure.cypher).
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
UNWIND $frontier AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
  WHERE type(r) IN $types
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))
WITH m, r, n, r.ingestedAt >= $since AS fresh
ORDER BY fresh DESC, n.id
WITH m, head(collect({parent: n.id, type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                      markings: r.markings, fresh: fresh})) AS link
RETURN m.id AS id, labels(m) AS labels, m.markings AS markings, link
