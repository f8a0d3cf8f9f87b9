// name: broker_fan_in
// description: Receiving addresses (and their holders: brokers, money transmitters) paid by at least N wallets of cartel-linked parties.
// param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- ids of the cartels (default Sinaloa, CJNG)
// param: minWallets integer = 3 -- fewest distinct cartel-linked paying wallets
// param: limit integer = 25 -- rows to return
MATCH (cartel:Organization) WHERE cartel.id IN $cartelIds
MATCH (cartel)-[:MEMBER_OF|LEADER_OF|ACTING_FOR|SUPPORTS|ASSOCIATE_OF|LINKED_TO|OWNED_OR_CONTROLLED_BY*0..1]-(party)
      -[:CONTROLS_ADDRESS]->(wallet:CryptoAddress)
MATCH (wallet)-[flow:SENT_FUNDS_TO]->(receiving:CryptoAddress)
WITH receiving, count(DISTINCT wallet) AS cartelWallets, sum(flow.totalAmount) AS amount,
     collect(DISTINCT flow.asset) AS assets, collect(DISTINCT cartel.name) AS cartels
WHERE cartelWallets >= $minWallets
OPTIONAL MATCH (holder)-[:CONTROLS_ADDRESS]->(receiving)
WITH receiving, cartelWallets, amount, assets, cartels, collect(DISTINCT holder) AS holders
RETURN receiving.chain AS chain, receiving.address AS address, [h IN holders | h.name] AS holders,
       cartelWallets, amount, assets, cartels, [receiving.id] + [h IN holders | h.id] AS ids
ORDER BY cartelWallets DESC, amount DESC
LIMIT $limit
