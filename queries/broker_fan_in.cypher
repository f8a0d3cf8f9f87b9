// name: broker_fan_in
// description: Receiving addresses (and their holders: brokers, money transmitters) paid by at least N wallets of cartel-linked parties.
// param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- ids of the cartels (default Sinaloa, CJNG)
// param: minWallets integer = 3 -- fewest distinct cartel-linked paying wallets
// param: limit integer = 25 -- rows to return
// Only elements the viewer may see ($grants) are matched, counted or summed; holders come as
// {id, labels, props} maps. amount sums the transfer totals of the distinct paying links, each as
// the viewer's records give it (the stored total when the viewer holds every grant of the link, else
// the sum of the transfer classes it sees, else the latest value its records wrote).
MATCH (cartel:Organization)
WHERE cartel.id IN $cartelIds AND any(g IN cartel.markings WHERE g IN $grants)
MATCH link = (cartel)-[:MEMBER_OF|LEADER_OF|ACTING_FOR|SUPPORTS|ASSOCIATE_OF|LINKED_TO|OWNED_OR_CONTROLLED_BY*0..1]-()
      -[:CONTROLS_ADDRESS]->(wallet:CryptoAddress)
WHERE all(r IN relationships(link) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(link) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN wallet.markings WHERE g IN $grants)
MATCH (wallet)-[flow:SENT_FUNDS_TO]->(receiving:CryptoAddress)
WHERE any(g IN flow.markings WHERE g IN $grants) AND any(g IN receiving.markings WHERE g IN $grants)
WITH receiving, collect(DISTINCT wallet) AS wallets, collect(DISTINCT flow) AS flows,
     collect(DISTINCT cartel.id) AS cartels
WHERE size(wallets) >= $minWallets
WITH receiving, wallets, flows, cartels,
     COLLECT {
       MATCH (holder)-[control:CONTROLS_ADDRESS]->(receiving)
       WHERE any(g IN holder.markings WHERE g IN $grants) AND any(g IN control.markings WHERE g IN $grants)
       WITH DISTINCT holder ORDER BY holder.id
       RETURN {id: holder.id, labels: labels(holder), props: properties(holder)}
     } AS holders
RETURN receiving.chain AS chain, receiving.address AS address, holders, size(wallets) AS cartelWallets,
       reduce(total = 0.0, f IN flows
              | total + coalesce(CASE WHEN all(g IN f.markings WHERE g IN $grants) THEN toFloat(f.totalAmount)
                                     WHEN f.totalsByVisibility IS NOT NULL
                                     THEN reduce(visible = 0.0, cls IN [cls IN f.totalsByVisibility
                                                                WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                                 | visible + toFloat(split(cls, '\u001e')[4]))
                                     ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(f.valueStatements, []) | split(stmt, '\u001e')]
                                                         | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                                     AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                                THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END, 0.0)) AS amount,
       COLLECT { UNWIND flows AS f WITH DISTINCT f.asset AS asset ORDER BY asset RETURN asset } AS assets,
       cartels, [receiving.id] + [h IN holders | h.id] AS ids
ORDER BY cartelWallets DESC, amount DESC, address
LIMIT $limit
