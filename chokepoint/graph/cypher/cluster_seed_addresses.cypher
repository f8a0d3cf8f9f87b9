// The wallet_clusters investigation with no addresses given: the visible addresses of UTXO chains
// ($chains) that spent in a visible transaction of two or more inputs through a visible link (a
// co-spend needs one; read from the transactions, so a graph without them costs nothing) and that
// the viewer's records flag sanctioned (as api_find_sanctions_exposure.cypher reads the flag) or a
// visible party controls through a visible CONTROLS_ADDRESS; the first $limit by id, so which ones
// come back rests on visible records only.
MATCH (t:UtxoTransaction)<-[s:SPENT_IN]-(a:CryptoAddress)
WHERE t.inputCount >= 2 AND a.chain IN $chains
  AND any(g IN t.markings WHERE g IN $grants) AND any(g IN s.markings WHERE g IN $grants)
  AND any(g IN a.markings WHERE g IN $grants)
WITH DISTINCT a
WHERE (CASE WHEN a.valueStatements IS NULL OR all(g IN a.markings WHERE g IN $grants)
            THEN a.sanctioned = true
            ELSE any(st IN a.valueStatements WHERE st ENDS WITH '\u001esanctioned\u001etrue'
                     AND split(st, '\u001e')[0] IN $grants) END)
   OR EXISTS {
     MATCH (h:Entity)-[r:CONTROLS_ADDRESS]->(a)
     WHERE any(g IN r.markings WHERE g IN $grants) AND any(g IN h.markings WHERE g IN $grants)
   }
RETURN a.id AS id, a.chain AS chain, a.address AS address
ORDER BY a.id
LIMIT $limit
