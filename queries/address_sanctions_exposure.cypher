// name: address_sanctions_exposure
// description: Money between one crypto address and an actively designated party, said by its direction - funds the address received from an address the party controls, or sent toward one - with the shortest such flow each way, hop by hop.
// param: chain string -- chain of the address (bitcoin, ethereum, tron ...)
// param: address string -- the address, normalised (EVM addresses lower-case)
// param: maxHops integer = 6 -- longest chain to consider, the party's control link included (at most 9)
// param: limit integer = 10 -- rows to return
// A row is one designated party, one designation and one direction: "received from" (money flowed
// over SENT_FUNDS_TO links, each in its own direction, from an address the party controls to this
// one), "sent to" (from this address to one the party controls) or "controlled by" (the party
// controls this address itself). Each is the shortest such flow, so a party can appear once each
// way. Every node and relationship matched is one the viewer may see ($grants: the viewer's
// grants, bound by the runner; in Neo4j Browser, :param grants => ['PUBLIC', ...]). Parties,
// designations and the path's elements come as {id, labels, props} / {type, startId, endId, props}
// maps, from this address outward (via starts with it and ends with the party). A designation's
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
MATCH (designated)-[control:CONTROLS_ADDRESS]->(held:CryptoAddress {chain: $chain})
WHERE any(g IN control.markings WHERE g IN $grants)
  AND any(g IN held.markings WHERE g IN $grants)
OPTIONAL MATCH received = shortestPath((held)-[:SENT_FUNDS_TO*0..8]->(start))
WHERE all(r IN relationships(received) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(received) WHERE any(g IN n.markings WHERE g IN $grants))
OPTIONAL MATCH sent = shortestPath((start)-[:SENT_FUNDS_TO*0..8]->(held))
WHERE all(r IN relationships(sent) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(sent) WHERE any(g IN n.markings WHERE g IN $grants))
WITH designated, designation, control, held,
     CASE WHEN held = start THEN [['controlled by', [start], []]]
          ELSE [flow IN [['received from', received], ['sent to', sent]] WHERE flow[1] IS NOT NULL
                | [flow[0],
                   CASE flow[0] WHEN 'sent to' THEN nodes(flow[1]) ELSE reverse(nodes(flow[1])) END,
                   CASE flow[0] WHEN 'sent to' THEN relationships(flow[1])
                        ELSE reverse(relationships(flow[1])) END]] END AS flows
UNWIND flows AS flow
WITH designated, designation, control, held, flow[0] AS direction, flow[1] AS money, flow[2] AS links
WITH designated, designation, control, held, direction, money, links, size(links) + 1 AS hops
WHERE hops <= $maxHops
WITH designated, designation, direction, hops, money, links, control
ORDER BY hops, [n IN money | n.id]
WITH designated, designation, direction,
     head(collect({hops: hops, money: money, links: links, control: control})) AS best
RETURN {id: designated.id, labels: labels(designated), props: properties(designated)} AS designatedParty,
       {id: designation.id, labels: labels(designation), props: properties(designation)} AS designation,
       direction,
       best.hops AS hops,
       [n IN best.money | {id: n.id, labels: labels(n), props: properties(n)}]
         + [{id: designated.id, labels: labels(designated), props: properties(designated)}] AS via,
       [r IN best.links + [best.control] | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                            props: properties(r)}] AS links,
       [n IN best.money | n.id] + [designated.id] AS ids
ORDER BY hops, designatedParty.id, designation.id, direction
LIMIT $limit
