// name: peel_chains
// description: Peel chains - runs of addresses that each pass most of the money on (the chain follows the largest outflow) and peel off a little, amounts shrinking hop by hop.
// param: minHops integer = 4 -- shortest chain to report (at least 2, at most 8)
// param: maxFanOut integer = 2 -- most outgoing flows of an address inside the chain (the next hop plus the peel)
// param: limit integer = 25 -- chains to return
// Only flows and addresses the viewer may see ($grants) make, bound or break a chain (fan-out,
// largest outflow and the inflow before the start are those of the visible graph). Addresses and
// assets are identity values, given as they are.
MATCH path = (start:CryptoAddress)-[:SENT_FUNDS_TO*2..8]->(finish:CryptoAddress)
WHERE length(path) >= $minHops
  AND all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN start.markings WHERE g IN $grants) AND any(g IN finish.markings WHERE g IN $grants)
  AND all(i IN range(0, length(path) - 2)
          WHERE relationships(path)[i + 1].totalAmount <= relationships(path)[i].totalAmount)
  AND all(n IN nodes(path)[1..-1] WHERE COUNT {
        MATCH (n)-[out:SENT_FUNDS_TO]->(next)
        WHERE any(g IN out.markings WHERE g IN $grants) AND any(g IN next.markings WHERE g IN $grants)
      } <= $maxFanOut)
  AND all(r IN relationships(path) WHERE NOT EXISTS {
        MATCH (from)-[larger:SENT_FUNDS_TO]->(to)
        WHERE from = startNode(r) AND larger.totalAmount > r.totalAmount
          AND any(g IN from.markings WHERE g IN $grants) AND any(g IN larger.markings WHERE g IN $grants)
          AND any(g IN to.markings WHERE g IN $grants)
      })
  AND NOT EXISTS {
        MATCH (before:CryptoAddress)-[inflow:SENT_FUNDS_TO]->(start)
        WHERE inflow.totalAmount >= relationships(path)[0].totalAmount
          AND any(g IN before.markings WHERE g IN $grants) AND any(g IN inflow.markings WHERE g IN $grants)
      }
RETURN start.address AS start, finish.address AS finish, length(path) AS hops,
       [r IN relationships(path) | r.totalAmount] AS amounts, relationships(path)[0].asset AS asset,
       [n IN nodes(path) | n.id] AS ids
ORDER BY hops DESC, start, ids
LIMIT $limit
