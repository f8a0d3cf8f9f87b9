// name: money_chains
// description: Supplier -> broker -> wallets -> cartel -> US cell: a precursor supplier paid from a broker's wallet, the broker laundering for a cartel that supplies a US distribution cell (SAME_AS merges followed at each party), with the amount paid and the cell's own payments into the broker, hop by hop with the agency, dataset, record and caveat behind each hop.
// param: suppliers string[] = [] -- ids of the supplier organisations ([] = every precursor supplier)
// param: cells string[] = [] -- ids of the US cells ([] = every distribution cell)
// param: coSpendSteps integer = 2 -- co-spend transactions between the wallet that paid and the broker's own address (0 = that address only, at most 4)
// param: limit integer = 25 -- chains to return, best paid first
// Every node and relationship of a chain, and of the cell's payments, is one the viewer may see
// ($grants). The chain comes as nodes ({id, labels, props}) and links ({type, startId, endId, props},
// whose props name the agency, dataset, record and caveat behind the hop) in order. Amounts are
// those the viewer's records give (the stored total when the viewer holds every grant of the link,
// else the sum of the transfer classes it sees, else the latest value its records wrote).
// The payments are the address-to-address totals, whenever their transfers were made; for money
// that moved in order (each transfer after the one before, within a window, a plausible share of it)
// ask the API: supplyChains with its temporal rule, or temporalMoneyChains. Cypher cannot compare each hop of
// a variable-length chain with the one before (a quantified pattern's predicate sees one step), so
// it would enumerate every transfer path and filter it, unbounded on a busy wallet.
// A payment is a ledger's address-to-address total (SENT_FUNDS_TO, which also sums the payments of
// UTXO transactions with a single payer) or a UTXO transaction's output to the supplier's address
// when several addresses paid in it (payer -SPENT_IN-> transaction -PAID_TO-> supplier's address, the
// output's value: each payer is a way to the broker). The wallet that paid need not be an address the broker is known to hold: an address spent
// together with it in one UTXO transaction (address -SPENT_IN-> transaction <-SPENT_IN- address, the
// multi-input rule's one wallet, the step `cluster explain` shows) is the same wallet, through up to
// $coSpendSteps such transactions, the fewest first. A transaction is never crossed, nor counted as a
// payment, when it is a CoinJoin (its coinjoin flag, set at ingest) or a split decision the viewer
// sees disregards it.
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
MATCH toSupplier = (supplier)-[:SAME_AS*0..1]-()-[:CONTROLS_ADDRESS]->(supplierAddress:CryptoAddress)
WHERE all(r IN relationships(toSupplier) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(toSupplier) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN supplierAddress.markings WHERE g IN $grants)
CALL (supplierAddress, disregarded) {
  MATCH payment = (supplierAddress)<-[paid:SENT_FUNDS_TO]-(payer:CryptoAddress)
  WHERE any(g IN paid.markings WHERE g IN $grants) AND any(g IN payer.markings WHERE g IN $grants)
  RETURN payment, payer, 'flow:' + elementId(paid) AS paymentKey, paid.asset AS asset,
         CASE WHEN all(g IN paid.markings WHERE g IN $grants) THEN toFloat(paid.totalAmount)
              WHEN paid.totalsByVisibility IS NOT NULL
              THEN reduce(visible = 0.0, cls IN [cls IN paid.totalsByVisibility
                                         WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                          | visible + toFloat(split(cls, '\u001e')[4]))
              ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(paid.valueStatements, []) | split(stmt, '\u001e')]
                                  | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                              AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                         THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END AS amountPaid
  UNION
  MATCH (supplierAddress)<-[output:PAID_TO]-(paying:UtxoTransaction)
  WHERE paying.coinjoin = false AND NOT paying.id IN disregarded AND NOT coalesce(paying.transfersDerived, false)
    AND any(g IN output.markings WHERE g IN $grants) AND any(g IN paying.markings WHERE g IN $grants)
  WITH supplierAddress, paying, min(output.outputIndex) AS first,
       sum(toFloat(CASE WHEN all(g IN output.markings WHERE g IN $grants) THEN output.value
                        ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(output.valueStatements, []) | split(stmt, '\u001e')]
                                    | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'value'
                                                AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                           THEN [stmt[4], stmt[2]] ELSE acc END)[0] END)) AS amountPaid
  MATCH (supplierAddress)<-[output:PAID_TO {outputIndex: first}]-(paying)<-[spends:SPENT_IN]-(payer:CryptoAddress)
  WHERE any(g IN output.markings WHERE g IN $grants)
    AND any(g IN spends.markings WHERE g IN $grants) AND any(g IN payer.markings WHERE g IN $grants)
  WITH supplierAddress, paying, output, payer, amountPaid, min(spends.inputIndex) AS firstInput
  MATCH payment = (supplierAddress)<-[output]-(paying)<-[spent:SPENT_IN {inputIndex: firstInput}]-(payer)
  WHERE any(g IN spent.markings WHERE g IN $grants)
  RETURN payment, payer, 'tx:' + paying.id AS paymentKey, paying.asset AS asset, amountPaid
}
MATCH wallet = ANY SHORTEST (payer)((:CryptoAddress)-[spends:SPENT_IN]->(spend:UtxoTransaction)<-[coSpends:SPENT_IN]-(coSpender:CryptoAddress)
  WHERE spend.coinjoin = false AND NOT spend.id IN disregarded
    AND any(g IN spends.markings WHERE g IN $grants) AND any(g IN spend.markings WHERE g IN $grants)
    AND any(g IN coSpends.markings WHERE g IN $grants) AND any(g IN coSpender.markings WHERE g IN $grants)){0,4}(brokerWallet:CryptoAddress)
WITH supplier, toSupplier, payment, paymentKey, asset, amountPaid, wallet, brokerWallet
WHERE length(wallet) <= 2 * $coSpendSteps  // after the search, so that it stays a shortest-path search
MATCH control = (brokerWallet)<-[:CONTROLS_ADDRESS]-()-[:SAME_AS*0..1]-(broker)
// BROKER KINDS: schema/common.yaml's value group money_brokers (tests/unit/test_chain_vocabulary.py)
WHERE (CASE WHEN broker.valueStatements IS NULL OR all(g IN broker.markings WHERE g IN $grants)
       THEN any(kind IN coalesce(broker.kinds, []) WHERE kind IN ['crypto_broker', 'money_service_business', 'exchange'])
       ELSE any(st IN broker.valueStatements WHERE split(st, '\u001e')[0] IN $grants
                AND split(st, '\u001e')[3] = 'kinds'
                AND split(st, '\u001e')[4] IN ['crypto_broker', 'money_service_business', 'exchange']) END)
  AND all(r IN relationships(control) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(control) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN brokerWallet.markings WHERE g IN $grants)
  AND any(g IN broker.markings WHERE g IN $grants)
WITH supplier, broker, paymentKey, asset, amountPaid,
     nodes(toSupplier) + tail(nodes(payment)) + tail(nodes(wallet)) + tail(nodes(control)) AS moneyNodes,
     relationships(toSupplier) + relationships(payment) + relationships(wallet) + relationships(control) AS moneyLinks
MATCH cartelLinks = (broker)-[:LAUNDERS_FOR]->()-[:SAME_AS*0..1]-(cartel:Organization)-[:SUPPLIES]->(cell:Organization)
WHERE (CASE WHEN cell.valueStatements IS NULL OR all(g IN cell.markings WHERE g IN $grants) THEN 'distribution_cell' IN cell.kinds
       ELSE any(st IN cell.valueStatements WHERE st ENDS WITH '\u001ekinds\u001edistribution_cell' AND split(st, '\u001e')[0] IN $grants) END) AND (size($cells) = 0 OR cell.id IN $cells)
  AND all(r IN relationships(cartelLinks) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(cartelLinks) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN cartel.markings WHERE g IN $grants)
  AND any(g IN cell.markings WHERE g IN $grants)
WITH supplier, cell, broker, paymentKey, asset, amountPaid, moneyNodes + tail(nodes(cartelLinks)) AS ns,
     moneyLinks + relationships(cartelLinks) AS rs
ORDER BY size(rs), [n IN ns | n.id]
// one chain per supplier, payment, broker and cell: the shortest (every input of a paying transaction
// is a payer, each address of the wallet a way to the broker)
WITH supplier, cell, broker, paymentKey, head(collect({asset: asset, amountPaid: amountPaid, ns: ns, rs: rs})) AS best
WITH supplier, cell, broker, best.asset AS asset, best.amountPaid AS amountPaid, best.ns AS ns, best.rs AS rs
OPTIONAL MATCH cellMoney = (cell)<-[:MEMBER_OF|SAME_AS*1..2]-()-[:CONTROLS_ADDRESS]->(:CryptoAddress)-[cellPaid:SENT_FUNDS_TO]->(:CryptoAddress)<-[:CONTROLS_ADDRESS]-()-[:SAME_AS*0..1]-(broker)
WHERE all(r IN relationships(cellMoney) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(cellMoney) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN cellPaid.markings WHERE g IN $grants)
WITH supplier, cell, asset, amountPaid, ns, rs,
     sum(CASE WHEN all(g IN cellPaid.markings WHERE g IN $grants) THEN toFloat(cellPaid.totalAmount)
              WHEN cellPaid.totalsByVisibility IS NOT NULL
              THEN reduce(visible = 0.0, cls IN [cls IN cellPaid.totalsByVisibility
                                         WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                          | visible + toFloat(split(cls, '\u001e')[4]))
              ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(cellPaid.valueStatements, []) | split(stmt, '\u001e')]
                                  | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                              AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                         THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END) AS cellPaidBroker
RETURN {id: supplier.id, labels: labels(supplier), props: properties(supplier)} AS supplier,
       {id: cell.id, labels: labels(cell), props: properties(cell)} AS cell,
       size(rs) AS hops, amountPaid,
       asset, cellPaidBroker,
       [n IN ns | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [n IN ns | n.id] AS ids,
       [r IN rs | {type: type(r), startId: startNode(r).id, endId: endNode(r).id, props: properties(r)}] AS links
ORDER BY amountPaid DESC, hops, supplier.id, cell.id, ids
LIMIT $limit
