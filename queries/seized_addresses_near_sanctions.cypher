// name: seized_addresses_near_sanctions
// description: Crypto addresses found in seizures (on paper, phones, devices) within K money-flow hops of an OFAC-sanctioned address, with the designated holders.
// param: maxHops integer = 4 -- most SENT_FUNDS_TO hops, either direction (at most 8)
// param: limit integer = 50 -- rows to return
// Only seizures, addresses, flows and holders the viewer may see ($grants) are matched. Seizures
// and holders come as {id, labels, props} maps, the find as {type, startId, endId, props} (its
// props give foundOn); addresses are identity values, given as they are.
// One search per seized address and sanctioned address (however many seizures found it), and only
// when a path can exist (the same address, or a sanctioned address with a visible flow). The search
// stops at 4 hops when maxHops <= 4, else at 8 (a bound must be a literal: the branch not taken
// costs nothing); `WITH` before the hop filter keeps each a shortestPath search, with no exhaustive
// fallback (tests/integration/test_query_plans.py).
MATCH (seizure:Seizure)-[found:FOUND_ADDRESS]->(seized:CryptoAddress)
WHERE any(g IN seizure.markings WHERE g IN $grants)
  AND any(g IN found.markings WHERE g IN $grants)
  AND any(g IN seized.markings WHERE g IN $grants)
WITH seized, collect({seizure: seizure, found: found}) AS finds
MATCH (sanctioned:CryptoAddress {sanctioned: true})
WHERE any(g IN sanctioned.markings WHERE g IN $grants)
  AND (sanctioned = seized
       OR EXISTS { (sanctioned)-[link:SENT_FUNDS_TO]-(other)
                   WHERE any(g IN link.markings WHERE g IN $grants) AND any(g IN other.markings WHERE g IN $grants) })
CALL {
  WITH seized, sanctioned
  WITH seized, sanctioned WHERE $maxHops <= 4
  MATCH path = shortestPath((seized)-[:SENT_FUNDS_TO*0..4]-(sanctioned))
  WHERE all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
    AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
  RETURN path
  UNION ALL
  WITH seized, sanctioned
  WITH seized, sanctioned WHERE $maxHops > 4
  MATCH path = shortestPath((seized)-[:SENT_FUNDS_TO*0..8]-(sanctioned))
  WHERE all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
    AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
  RETURN path
}
WITH finds, seized, sanctioned, path
WHERE length(path) <= $maxHops
UNWIND finds AS find
WITH find.seizure AS seizure, find.found AS found, seized, sanctioned, path
WITH seizure, found, seized, sanctioned, path,
     COLLECT {
       MATCH (holder)-[control:CONTROLS_ADDRESS]->(sanctioned)
       WHERE any(g IN holder.markings WHERE g IN $grants) AND any(g IN control.markings WHERE g IN $grants)
       WITH DISTINCT holder ORDER BY holder.id
       RETURN {id: holder.id, labels: labels(holder), props: properties(holder)}
     } AS holders
RETURN {id: seizure.id, labels: labels(seizure), props: properties(seizure)} AS seizure,
       {type: type(found), startId: seizure.id, endId: seized.id, props: properties(found)} AS found,
       seized.address AS seizedAddress, sanctioned.address AS sanctionedAddress,
       holders AS designatedHolders, length(path) AS hops,
       [seizure.id] + [n IN nodes(path) | n.id] + [h IN holders | h.id] AS ids
ORDER BY hops, ids
LIMIT $limit
