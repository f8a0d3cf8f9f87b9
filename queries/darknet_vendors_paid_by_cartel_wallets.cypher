// name: darknet_vendors_paid_by_cartel_wallets
// description: Darknet vendor accounts whose payment addresses receive money, within K hops, from wallets of cartel-linked parties.
// param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- ids of the cartels
// param: maxHops integer = 3 -- most SENT_FUNDS_TO hops from a cartel wallet to the vendor's address (at most 4)
// param: limit integer = 50 -- rows to return
// Only elements the viewer may see ($grants) are matched; vendors, markets and payers come as
// {id, labels, props} maps (a vendor's handle is part of its identity, so it is given as is).
MATCH (cartel:Organization)
WHERE cartel.id IN $cartelIds AND any(g IN cartel.markings WHERE g IN $grants)
MATCH link = (cartel)-[:MEMBER_OF|LEADER_OF|ACTING_FOR|SUPPORTS|ASSOCIATE_OF|LINKED_TO|OWNED_OR_CONTROLLED_BY*0..1]-(party)
      -[:CONTROLS_ADDRESS]->(wallet:CryptoAddress)
WHERE all(r IN relationships(link) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(link) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN party.markings WHERE g IN $grants) AND any(g IN wallet.markings WHERE g IN $grants)
MATCH flow = (wallet)-[:SENT_FUNDS_TO*1..4]->(payment:CryptoAddress)
WHERE length(flow) <= $maxHops
  AND all(r IN relationships(flow) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(flow) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN payment.markings WHERE g IN $grants)
MATCH (payment)<-[accepts:ACCEPTS_PAYMENT_TO]-(vendor:VendorAccount)
WHERE any(g IN accepts.markings WHERE g IN $grants) AND any(g IN vendor.markings WHERE g IN $grants)
WITH vendor, payment, cartel, party, min(length(flow)) AS hops
RETURN vendor.handle AS handle,
       {id: vendor.id, labels: labels(vendor), props: properties(vendor)} AS vendor,
       COLLECT {
         MATCH (vendor)-[listed:ON_MARKET]->(market:DarknetMarket)
         WHERE any(g IN listed.markings WHERE g IN $grants) AND any(g IN market.markings WHERE g IN $grants)
         WITH DISTINCT market ORDER BY market.id
         RETURN {id: market.id, labels: labels(market), props: properties(market)}
       } AS markets,
       payment.address AS paymentAddress, cartel.id AS cartel,
       {id: party.id, labels: labels(party), props: properties(party)} AS payer, hops,
       [vendor.id, payment.id, party.id, cartel.id] AS ids
ORDER BY hops, handle, paymentAddress, cartel, payer.id
LIMIT $limit
