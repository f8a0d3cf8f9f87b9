// name: money_chains
// description: Supplier -> broker -> wallets -> cartel -> US cell: a precursor supplier paid from a broker's wallet, the broker laundering for a cartel that supplies a US distribution cell (SAME_AS merges followed at each party), with the amount paid and the cell's own payments into the broker, hop by hop with the agency, dataset, record and caveat behind each hop.
// param: suppliers string[] = [] -- ids of the supplier organisations ([] = every precursor supplier)
// param: cells string[] = [] -- ids of the US cells ([] = every distribution cell)
// param: limit integer = 25 -- chains to return, best paid first
MATCH (supplier:Organization)
WHERE 'precursor_supplier' IN supplier.kinds AND (size($suppliers) = 0 OR supplier.id IN $suppliers)
MATCH money = (supplier)-[:SAME_AS*0..1]-()-[:CONTROLS_ADDRESS]->(:CryptoAddress)<-[paid:SENT_FUNDS_TO]-(brokerWallet:CryptoAddress)<-[:CONTROLS_ADDRESS]-()-[:SAME_AS*0..1]-(broker)
WHERE any(kind IN coalesce(broker.kinds, []) WHERE kind IN ['crypto_broker', 'money_service_business', 'exchange'])
MATCH control = (broker)-[:LAUNDERS_FOR]->()-[:SAME_AS*0..1]-(cartel:Organization)-[:SUPPLIES]->(cell:Organization)
WHERE 'distribution_cell' IN cell.kinds AND (size($cells) = 0 OR cell.id IN $cells)
WITH supplier, cell, paid, broker, nodes(money) + tail(nodes(control)) AS ns, relationships(money) + relationships(control) AS rs
OPTIONAL MATCH (cell)<-[:MEMBER_OF|SAME_AS*1..2]-()-[:CONTROLS_ADDRESS]->(:CryptoAddress)-[cellPaid:SENT_FUNDS_TO]->(:CryptoAddress)<-[:CONTROLS_ADDRESS]-()-[:SAME_AS*0..1]-(broker)
WITH supplier, cell, paid, ns, rs, sum(cellPaid.totalAmount) AS cellPaidBroker
RETURN supplier.name AS supplier, cell.name AS cell, size(rs) AS hops, paid.totalAmount AS amountPaid, paid.asset AS asset,
       cellPaidBroker,
       [n IN ns | coalesce(n.name, n.address, n.billOfLading, n.caseNumber, n.id)] AS chain,
       [n IN ns | n.id] AS ids,
       [n IN ns | {label: [l IN labels(n) WHERE l <> 'Entity'][0], kinds: n.kinds, country: coalesce(n.country, n.chain)}] AS roles,
       [i IN range(0, size(rs) - 1) |
          {type: type(rs[i]), forward: startNode(rs[i]) = ns[i],
           agency: rs[i].agency, dataset: rs[i].sourceDataset, record: rs[i].sourceRecordId, caveat: rs[i].caveat,
           amount: rs[i].totalAmount, asset: rs[i].asset, rule: rs[i].rule, score: rs[i].score}] AS evidence
ORDER BY amountPaid DESC, hops, supplier, cell
LIMIT $limit
