// name: supply_and_money_chains
// description: Shortest chains from precursor suppliers to US distribution cells over goods, money, control and identity links - shipments, brokers, wallets and their transfer totals, cartels, SAME_AS merges - hop by hop with the agency, dataset, record and caveat behind each hop.
// param: suppliers string[] = [] -- ids of the supplier organisations to start from ([] = every precursor supplier)
// param: cells string[] = [] -- ids of the US cells to reach ([] = every distribution cell)
// param: maxHops integer = 10 -- longest chain to report (paths are searched up to 12 hops)
// param: limit integer = 25 -- chains to return, shortest first
MATCH (supplier:Organization)
WHERE 'precursor_supplier' IN supplier.kinds AND (size($suppliers) = 0 OR supplier.id IN $suppliers)
MATCH (cell:Organization)
WHERE 'distribution_cell' IN cell.kinds AND (size($cells) = 0 OR cell.id IN $cells)
MATCH path = shortestPath((supplier)-[:SHIPPED|CONSIGNED_TO|NOTIFIES|SUPPLIES|ACTING_FOR|OWNED_OR_CONTROLLED_BY|MEMBER_OF|LEADER_OF|LAUNDERS_FOR|CONTROLS_ADDRESS|SENT_FUNDS_TO|SAME_AS|ATTRIBUTED_TO|FOUND_ADDRESS*1..12]-(cell))
WITH supplier, cell, path
WHERE length(path) <= $maxHops  // after the search: a path predicate inside it forces an exhaustive search
RETURN supplier.name AS supplier, cell.name AS cell, length(path) AS hops,
       [n IN nodes(path) | coalesce(n.name, n.address, n.billOfLading, n.caseNumber, n.id)] AS chain,
       [n IN nodes(path) | n.id] AS ids,
       [n IN nodes(path) | {label: [l IN labels(n) WHERE l <> 'Entity'][0], kinds: n.kinds, country: coalesce(n.country, n.chain)}] AS roles,
       [i IN range(0, length(path) - 1) |
          {type: type(relationships(path)[i]),
           forward: startNode(relationships(path)[i]) = nodes(path)[i],
           agency: relationships(path)[i].agency, dataset: relationships(path)[i].sourceDataset,
           record: relationships(path)[i].sourceRecordId, caveat: relationships(path)[i].caveat,
           amount: relationships(path)[i].totalAmount, asset: relationships(path)[i].asset,
           rule: relationships(path)[i].rule, score: relationships(path)[i].score}] AS evidence
ORDER BY hops, supplier, cell
LIMIT $limit
