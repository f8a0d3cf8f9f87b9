// API: the nearest party under an active designation, or sanctioned address, within $maxHops
// (at most 6) of the address $id over $relTypes, and the path there. Links of the types in $toward
// are followed only the way they point, from the address outward (money it sent toward the
// party), those in $from only against it (money it received from the party); the others either
// way. Everything on the path, and every designation counted, is visible to the viewer; the
// address itself counts as 0 hops. A designation's status is the viewer's (stored when it holds
// every grant of it, else the latest write of its records in the value log).
// A UTXO transaction is crossed (SPENT_IN, PAID_TO) unless it is a CoinJoin (its coinjoin flag, set at
// ingest) or a split decision the viewer sees disregards it: either says its inputs are not one
// wallet's, so neither a co-spend nor which input paid which output can be read from it.
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
MATCH (start:Entity {id: $id})
WHERE any(g IN start.markings WHERE g IN $grants)
MATCH p = SHORTEST 1 (start)((n)-[r]-(m:Entity)
  WHERE type(r) IN $relTypes
    AND (NOT type(r) IN $toward OR startNode(r) = n) AND (NOT type(r) IN $from OR endNode(r) = n)
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))){0,6}(t)
WHERE length(p) <= $maxHops
  AND ((CASE WHEN t.valueStatements IS NULL OR all(g IN t.markings WHERE g IN $grants)
          THEN t.sanctioned = true
          ELSE any(st IN t.valueStatements WHERE st ENDS WITH '\u001esanctioned\u001etrue'
                   AND split(st, '\u001e')[0] IN $grants) END) OR EXISTS {
    MATCH (t)-[s:SANCTIONED_BY]->(d:Designation)
    WHERE coalesce(CASE WHEN all(g IN d.markings WHERE g IN $grants) THEN d.status
                        ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(d.valueStatements, []) | split(stmt, '\u001e')]
                                  | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                         THEN [stmt[4], stmt[2]] ELSE acc END)[0] END, 'active') = 'active'
      AND any(g IN s.markings WHERE g IN $grants)
      AND any(g IN d.markings WHERE g IN $grants)
  })
WITH p, t
ORDER BY length(p), t.id
LIMIT 1
RETURN length(p) AS hops,
       {id: t.id, labels: labels(t), props: properties(t)} AS party,
       COLLECT {
         MATCH (t)-[s:SANCTIONED_BY]->(d:Designation)
         WHERE coalesce(CASE WHEN all(g IN d.markings WHERE g IN $grants) THEN d.status
                             ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(d.valueStatements, []) | split(stmt, '\u001e')]
                                       | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                              THEN [stmt[4], stmt[2]] ELSE acc END)[0] END, 'active') = 'active'
           AND any(g IN s.markings WHERE g IN $grants)
           AND any(g IN d.markings WHERE g IN $grants)
         RETURN {id: d.id, labels: labels(d), props: properties(d)}
       } AS designations,
       [n IN nodes(p) | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [r IN relationships(p) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                 props: properties(r)}] AS relationships
