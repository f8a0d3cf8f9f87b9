// name: supply_and_money_chains
// description: Shortest chains from precursor suppliers to US distribution cells over goods, money, control and identity links - shipments, brokers, wallets and their transfer totals, co-spends (one wallet), cartels, SAME_AS merges - hop by hop with the agency, dataset, record and caveat behind each hop.
// guided: shortest_chains
// param: suppliers string[] = [] -- ids of the supplier organisations to start from ([] = every precursor supplier)
// param: cells string[] = [] -- ids of the US cells to reach ([] = every distribution cell)
// param: maxHops integer = 10 -- longest chain to report (paths are searched up to 12 hops)
// param: limit integer = 25 -- chains to return, shortest first
// The shortest chain over what the viewer may see ($grants): every node and link on it is checked
// during the search. The chain comes as nodes ({id, labels, props}) and links
// ({type, startId, endId, props}, whose props name the agency, dataset, record and caveat, the
// transfer totals and the SAME_AS rule and score) in order.
// A co-spend is a step: two addresses spent together in one UTXO transaction (address -SPENT_IN->
// transaction <-SPENT_IN- address) are one wallet by the multi-input rule, the step `cluster explain`
// shows. Never through a CoinJoin (its inputs are strangers: the transaction's coinjoin flag, set at
// ingest by schema/clustering.yaml's detectors) nor through a transaction that a split decision the
// viewer sees disregards (`cluster split`). Paying (PAID_TO) is not followed, so a transaction is only
// ever a co-spend step.
// With chain floors that hold (`chokepoint chains build`) the same rows come from a guided search
// (chokepoint/analysis/shortest_chains.py) instead of this query's search per supplier and cell.
CALL () {
  OPTIONAL MATCH (split:ClusterSplit)-[decides:DISREGARDS]->(spent:UtxoTransaction)
  WHERE any(g IN split.markings WHERE g IN $grants) AND any(g IN decides.markings WHERE g IN $grants)
    AND any(g IN spent.markings WHERE g IN $grants)
  RETURN collect(spent.id) AS disregarded
}
MATCH (supplier:Organization)
WHERE (CASE WHEN supplier.valueStatements IS NULL OR all(g IN supplier.markings WHERE g IN $grants) THEN 'precursor_supplier' IN supplier.kinds
       ELSE any(st IN supplier.valueStatements WHERE st ENDS WITH '\u001ekinds\u001eprecursor_supplier' AND split(st, '\u001e')[0] IN $grants) END) AND (size($suppliers) = 0 OR supplier.id IN $suppliers)
  AND any(g IN supplier.markings WHERE g IN $grants)
MATCH (cell:Organization)
WHERE (CASE WHEN cell.valueStatements IS NULL OR all(g IN cell.markings WHERE g IN $grants) THEN 'distribution_cell' IN cell.kinds
       ELSE any(st IN cell.valueStatements WHERE st ENDS WITH '\u001ekinds\u001edistribution_cell' AND split(st, '\u001e')[0] IN $grants) END) AND (size($cells) = 0 OR cell.id IN $cells)
  AND any(g IN cell.markings WHERE g IN $grants)
  AND cell <> supplier  // an organisation one record calls a supplier and another a cell: no chain to itself
MATCH path = shortestPath((supplier)-[:SHIPPED|CONSIGNED_TO|NOTIFIES|SUPPLIES|ACTING_FOR|OWNED_OR_CONTROLLED_BY|MEMBER_OF|LEADER_OF|LAUNDERS_FOR|CONTROLS_ADDRESS|SENT_FUNDS_TO|SAME_AS|ATTRIBUTED_TO|FOUND_ADDRESS|SPENT_IN*1..12]-(cell))
WHERE all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
  AND all(n IN nodes(path) WHERE NOT n:UtxoTransaction OR (n.coinjoin = false AND NOT n.id IN disregarded))
WITH supplier, cell, path
WHERE length(path) <= $maxHops  // after the search: a length predicate inside it forces an exhaustive search
RETURN {id: supplier.id, labels: labels(supplier), props: properties(supplier)} AS supplier,
       {id: cell.id, labels: labels(cell), props: properties(cell)} AS cell, length(path) AS hops,
       [n IN nodes(path) | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [n IN nodes(path) | n.id] AS ids,
       [r IN relationships(path) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                    props: properties(r)}] AS links
ORDER BY hops, supplier.id, cell.id, ids
LIMIT $limit
