// name: darknet_vendors_paid_by_cartel_wallets
// description: Darknet vendor accounts whose payment addresses receive money, within K hops, from wallets of cartel-linked parties.
// param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- ids of the cartels
// param: maxHops integer = 3 -- most SENT_FUNDS_TO hops from a cartel wallet to the vendor's address (at most 4)
// param: limit integer = 50 -- rows to return
MATCH (cartel:Organization) WHERE cartel.id IN $cartelIds
MATCH (cartel)-[:MEMBER_OF|LEADER_OF|ACTING_FOR|SUPPORTS|ASSOCIATE_OF|LINKED_TO|OWNED_OR_CONTROLLED_BY*0..1]-(party)
      -[:CONTROLS_ADDRESS]->(wallet:CryptoAddress)
MATCH flow = (wallet)-[:SENT_FUNDS_TO*1..4]->(payment:CryptoAddress)
WHERE length(flow) <= $maxHops
MATCH (payment)<-[:ACCEPTS_PAYMENT_TO]-(vendor:VendorAccount)
OPTIONAL MATCH (vendor)-[:ON_MARKET]->(market:DarknetMarket)
RETURN vendor.handle AS vendor, market.name AS market, vendor.pgpFingerprint AS pgp,
       payment.address AS paymentAddress, cartel.name AS cartel, party.name AS payer,
       min(length(flow)) AS hops
ORDER BY hops, vendor
LIMIT $limit
