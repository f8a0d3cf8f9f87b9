// name: address_sanctions_exposure
// description: How close one crypto address is to an actively designated party - the shortest path over money flows and control, hop by hop.
// param: chain string -- chain of the address (bitcoin, ethereum, tron ...)
// param: address string -- the address, normalised (EVM addresses lower-case)
// param: maxHops integer = 6 -- longest path to consider (at most 8)
// param: limit integer = 10 -- paths to return
// Every node and relationship matched is one the viewer may see ($grants: the viewer's grants, bound
// by the runner; in Neo4j Browser, :param grants => ['PUBLIC', ...]). Parties, designations and the
// path's elements come as {id, labels, props} / {type, startId, endId, props} maps. A designation's
// status is the one the viewer's records give (VISIBLE VALUE: stored when the viewer holds every
// grant of it, else the latest write of its records in the value log).
MATCH (start:CryptoAddress {chain: $chain, address: $address})
WHERE any(g IN start.markings WHERE g IN $grants)
MATCH (designated)-[sanction:SANCTIONED_BY]->(designation:Designation)
WHERE (CASE WHEN all(g IN designation.markings WHERE g IN $grants) THEN designation.status
            ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(designation.valueStatements, []) | split(stmt, '\u001e')]
                      | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                             THEN [stmt[4], stmt[2]] ELSE acc END)[0] END) = 'active'
  AND any(g IN designated.markings WHERE g IN $grants)
  AND any(g IN sanction.markings WHERE g IN $grants)
  AND any(g IN designation.markings WHERE g IN $grants)
MATCH path = shortestPath((start)-[:SENT_FUNDS_TO|CONTROLS_ADDRESS*..8]-(designated))
WHERE all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
WITH designated, designation, path
WHERE length(path) <= $maxHops
RETURN {id: designated.id, labels: labels(designated), props: properties(designated)} AS designatedParty,
       {id: designation.id, labels: labels(designation), props: properties(designation)} AS designation,
       length(path) AS hops,
       [n IN nodes(path) | {id: n.id, labels: labels(n), props: properties(n)}] AS via,
       [r IN relationships(path) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                    props: properties(r)}] AS links,
       [n IN nodes(path) | n.id] AS ids
ORDER BY hops, designated.id, designation.id
LIMIT $limit
