// API supplyChains: the shortest chain from each supplier to each cell (at most $maxHops, at most 12
// hops) over $relTypes, walked in either direction, every node and relationship on it visible to the
// viewer; shortest first, then by supplier and cell id; the page [$skip, $skip + $first) and the
// total. $suppliers / $cells = [] means every precursor supplier / every distribution cell: a kind
// counts when a record the viewer may see gave it (the value log of a shared element). A link of
// $backedTypes (a money link, with a temporal rule) counts only from a sender to a receiver that
// $backed names as 'senderId\u001ereceiverId' (supply_chains.py: transfers in order back it).
// A UTXO transaction is crossed only as a co-spend step (SPENT_IN in, SPENT_IN out: one wallet by the
// multi-input rule) or, when $relTypes has PAID_TO, as a payment; never when it is a CoinJoin (its
// coinjoin flag, set at ingest) or a split decision the viewer sees disregards it.
CALL () {
  UNWIND $suppliers AS supplierId
  MATCH (s:Entity {id: supplierId})
  WHERE any(g IN s.markings WHERE g IN $grants)
  RETURN s AS supplier
  UNION
  MATCH (s:Organization)
  WHERE size($suppliers) = 0 AND (CASE WHEN s.valueStatements IS NULL OR all(g IN s.markings WHERE g IN $grants)
          THEN 'precursor_supplier' IN s.kinds
          ELSE any(st IN s.valueStatements WHERE st ENDS WITH '\u001ekinds\u001eprecursor_supplier'
                   AND split(st, '\u001e')[0] IN $grants) END)
    AND any(g IN s.markings WHERE g IN $grants)
  RETURN s AS supplier
}
CALL () {
  UNWIND $cells AS cellId
  MATCH (c:Entity {id: cellId})
  WHERE any(g IN c.markings WHERE g IN $grants)
  RETURN c AS cell
  UNION
  MATCH (c:Organization)
  WHERE size($cells) = 0 AND (CASE WHEN c.valueStatements IS NULL OR all(g IN c.markings WHERE g IN $grants)
          THEN 'distribution_cell' IN c.kinds
          ELSE any(st IN c.valueStatements WHERE st ENDS WITH '\u001ekinds\u001edistribution_cell'
                   AND split(st, '\u001e')[0] IN $grants) END)
    AND any(g IN c.markings WHERE g IN $grants)
  RETURN c AS cell
}
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
WITH supplier, cell, disregarded
WHERE supplier <> cell
MATCH p = ANY SHORTEST (supplier)(()-[r]-(m:Entity)
  WHERE type(r) IN $relTypes
    AND (NOT type(r) IN $backedTypes OR startNode(r).id + '\u001e' + endNode(r).id IN $backed)
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
    AND (NOT m:UtxoTransaction OR (m.coinjoin = false AND NOT m.id IN disregarded))){1,12}(cell)
WHERE length(p) <= $maxHops
WITH supplier, cell, p ORDER BY length(p), supplier.id, cell.id
WITH collect(p) AS found
RETURN size(found) AS total,
       [p IN found[$skip..($skip + $first)] |
         {nodes: [n IN nodes(p) | {id: n.id, labels: labels(n), props: properties(n)}],
          relationships: [x IN relationships(p) | {type: type(x), startId: startNode(x).id,
                                                   endId: endNode(x).id, props: properties(x)}]}] AS page
