// name: address_sanctions_exposure
// description: How close one crypto address is to an actively designated party - the shortest path over money flows and control, hop by hop.
// param: chain string -- chain of the address (bitcoin, ethereum, tron ...)
// param: address string -- the address, normalised (EVM addresses lower-case)
// param: maxHops integer = 6 -- longest path to consider (at most 8)
// param: limit integer = 10 -- paths to return
MATCH (start:CryptoAddress {chain: $chain, address: $address})
MATCH (designated)-[:SANCTIONED_BY]->(designation:Designation {status: 'active'})
MATCH path = shortestPath((start)-[:SENT_FUNDS_TO|CONTROLS_ADDRESS*..8]-(designated))
WHERE length(path) <= $maxHops
RETURN designated.name AS designatedParty, designation.programs AS programs, length(path) AS hops,
       [n IN nodes(path) | coalesce(n.name, n.address)] AS via, [n IN nodes(path) | n.id] AS ids
ORDER BY hops, designatedParty
LIMIT $limit
