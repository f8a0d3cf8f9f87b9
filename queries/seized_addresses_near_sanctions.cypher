// name: seized_addresses_near_sanctions
// description: Crypto addresses found in seizures (on paper, phones, devices) within K money-flow hops of an OFAC-sanctioned address, with the designated holders.
// param: maxHops integer = 4 -- most SENT_FUNDS_TO hops, either direction (at most 8)
// param: limit integer = 50 -- rows to return
MATCH (seizure:Seizure)-[found:FOUND_ADDRESS]->(seized:CryptoAddress)
MATCH (sanctioned:CryptoAddress {sanctioned: true})
MATCH path = shortestPath((seized)-[:SENT_FUNDS_TO*0..8]-(sanctioned))
WHERE length(path) <= $maxHops
OPTIONAL MATCH (holder)-[:CONTROLS_ADDRESS]->(sanctioned)
WITH seizure, found, seized, sanctioned, path, collect(DISTINCT holder) AS holders
RETURN seizure.caseNumber AS caseNumber, seizure.seizingAgency AS agency, seizure.seizedOn AS seizedOn,
       found.foundOn AS foundOn, seized.address AS seizedAddress, sanctioned.address AS sanctionedAddress,
       [h IN holders | h.name] AS designatedHolders, length(path) AS hops,
       [seizure.id] + [n IN nodes(path) | n.id] + [h IN holders | h.id] AS ids
ORDER BY hops, caseNumber
LIMIT $limit
