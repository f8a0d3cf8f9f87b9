// Watches: for each exposure search ($searches: n, subject, grants, types, maxHops), the nearest
// sanctioned party (an address marked sanctioned, or a party under an active designation) within
// maxHops over its types, on a path whose every element its grants see and that is new: a link
// written since $since (this ingest) on it, or a party this ingest marked sanctioned ($sanctioned)
// or designated at its end; and
// that path. Sanctioned status and designation status are read as the grants see them (the stored
// value when they hold every grant of the node, else the latest visible write in the value log), as
// the API's sanctionsExposure reads them. Run only for the searches whose nearest
// party's path (alert_exposure_nearest.cypher) holds nothing new: this path predicate is not
// element-local, so the search cannot prune with it.
// A UTXO transaction is crossed unless it is a CoinJoin or a split the grants see disregards it.
UNWIND $searches AS w
MATCH (s:Entity {id: w.subject})
  WHERE any(g IN s.markings WHERE g IN w.grants)
CALL (w) {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN w.grants) AND any(g IN decides.markings WHERE g IN w.grants)
    AND any(g IN spent.markings WHERE g IN w.grants)
  RETURN collect(spent.id) AS disregarded
}
CALL (s, w, disregarded) {
  MATCH SHORTEST 1 (p = (s)(()-[r]-(m:Entity)
      WHERE type(r) IN w.types
        AND any(g IN r.markings WHERE g IN w.grants)
        AND any(g IN m.markings WHERE g IN w.grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))){1,4}(t)
    WHERE length(p) <= w.maxHops
      AND (any(x IN relationships(p) WHERE x.ingestedAt >= $since)
           OR t.id IN $sanctioned
           OR EXISTS { MATCH (t)-[d:SANCTIONED_BY]->(:Designation) WHERE d.ingestedAt >= $since })
      AND ((CASE WHEN t.valueStatements IS NULL OR all(g IN t.markings WHERE g IN w.grants)
                 THEN t.sanctioned = true
                 ELSE any(st IN t.valueStatements WHERE st ENDS WITH '\u001esanctioned\u001etrue'
                          AND split(st, '\u001e')[0] IN w.grants) END)
           OR EXISTS {
             MATCH (t)-[sb:SANCTIONED_BY]->(d:Designation)
             WHERE coalesce(CASE WHEN all(g IN d.markings WHERE g IN w.grants) THEN d.status
                                 ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(d.valueStatements, []) | split(stmt, '\u001e')]
                                      | CASE WHEN stmt[0] IN w.grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                             THEN [stmt[4], stmt[2]] ELSE acc END)[0] END, 'active') = 'active'
               AND any(g IN sb.markings WHERE g IN w.grants)
               AND any(g IN d.markings WHERE g IN w.grants)
           }))
  RETURN p, t
}
RETURN w.n AS n, t.id AS party, length(p) AS hops,
       [n IN nodes(p) | {id: n.id, labels: labels(n), markings: n.markings}] AS nodes,
       [r IN relationships(p) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                 markings: r.markings}] AS links
