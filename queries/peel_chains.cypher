// name: peel_chains
// description: Peel chains - runs of addresses that each pass most of the money on (the chain follows the largest outflow) and peel off a little, amounts shrinking hop by hop.
// param: minHops integer = 4 -- shortest chain to report (at least 2, at most 8)
// param: maxFanOut integer = 2 -- most outgoing flows of an address inside the chain (the next hop plus the peel)
// param: limit integer = 25 -- chains to return
MATCH path = (start:CryptoAddress)-[:SENT_FUNDS_TO*2..8]->(finish:CryptoAddress)
WHERE length(path) >= $minHops
  AND all(i IN range(0, length(path) - 2)
          WHERE relationships(path)[i + 1].totalAmount <= relationships(path)[i].totalAmount)
  AND all(n IN nodes(path)[1..-1] WHERE COUNT { (n)-[:SENT_FUNDS_TO]->() } <= $maxFanOut)
  AND all(r IN relationships(path)
          WHERE NOT EXISTS { MATCH (from)-[o:SENT_FUNDS_TO]->() WHERE from = startNode(r) AND o.totalAmount > r.totalAmount })
  AND NOT EXISTS { MATCH (before:CryptoAddress)-[r:SENT_FUNDS_TO]->(start)
                   WHERE r.totalAmount >= relationships(path)[0].totalAmount }
RETURN start.address AS start, finish.address AS finish, length(path) AS hops,
       [r IN relationships(path) | r.totalAmount] AS amounts, relationships(path)[0].asset AS asset,
       [n IN nodes(path) | n.id] AS ids
ORDER BY hops DESC, start
LIMIT $limit
