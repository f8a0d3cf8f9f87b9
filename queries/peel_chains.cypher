// name: peel_chains
// description: Peel chains - runs of addresses that each pass most of the money on (the chain follows the largest outflow) and peel off a little, amounts shrinking hop by hop.
// param: minHops integer = 4 -- shortest chain to report (at least 2, at most 8)
// param: maxFanOut integer = 2 -- most outgoing flows of an address inside the chain (the next hop plus the peel)
// param: limit integer = 25 -- chains to return
// Only flows and addresses the viewer may see ($grants) make, bound or break a chain (fan-out,
// largest outflow and the inflow before the start are those of the visible graph), and each flow's
// amount is the one the viewer's records give (the VISIBLE AMOUNT expression below: the stored total
// when the viewer holds every grant of the flow, else the sum of the transfer classes it sees, else
// the latest value its records wrote). Addresses and assets are identity values, given as they are.
MATCH path = (start:CryptoAddress)-[:SENT_FUNDS_TO*2..8]->(finish:CryptoAddress)
WHERE length(path) >= $minHops
  AND all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
  AND any(g IN start.markings WHERE g IN $grants) AND any(g IN finish.markings WHERE g IN $grants)
  AND all(n IN nodes(path)[1..-1] WHERE COUNT {
        MATCH (n)-[out:SENT_FUNDS_TO]->(next)
        WHERE any(g IN out.markings WHERE g IN $grants) AND any(g IN next.markings WHERE g IN $grants)
      } <= $maxFanOut)
// every visible outflow of each sending address of the chain, with its VISIBLE AMOUNT
WITH path, start, finish,
     [n IN nodes(path)[..-1] |
      [(n)-[out:SENT_FUNDS_TO]->(next)
       WHERE any(g IN out.markings WHERE g IN $grants) AND any(g IN next.markings WHERE g IN $grants)
       | {link: out, amount: CASE WHEN all(g IN out.markings WHERE g IN $grants) THEN toFloat(out.totalAmount)
                       WHEN out.totalsByVisibility IS NOT NULL
                       THEN reduce(visible = 0.0, cls IN [cls IN out.totalsByVisibility
                                                  WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                   | visible + toFloat(split(cls, '\u001e')[4]))
                       ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(out.valueStatements, []) | split(stmt, '\u001e')]
                                           | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                       AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                  THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END}]] AS outflows
WITH path, start, finish, outflows,
     [i IN range(0, length(path) - 1) | [o IN outflows[i] WHERE o.link = relationships(path)[i]][0].amount] AS amounts
WHERE all(i IN range(0, size(amounts) - 2) WHERE amounts[i + 1] <= amounts[i])
  AND all(i IN range(0, size(amounts) - 1) WHERE NOT any(o IN outflows[i] WHERE o.amount > amounts[i]))
  AND NOT any(inflow IN [(before:CryptoAddress)-[flow:SENT_FUNDS_TO]->(start)
                         WHERE any(g IN before.markings WHERE g IN $grants) AND any(g IN flow.markings WHERE g IN $grants)
                         | CASE WHEN all(g IN flow.markings WHERE g IN $grants) THEN toFloat(flow.totalAmount)
                                WHEN flow.totalsByVisibility IS NOT NULL
                                THEN reduce(visible = 0.0, cls IN [cls IN flow.totalsByVisibility
                                                           WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                            | visible + toFloat(split(cls, '\u001e')[4]))
                                ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(flow.valueStatements, []) | split(stmt, '\u001e')]
                                                    | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                                AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                           THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END]
              WHERE inflow >= amounts[0])
RETURN start.address AS start, finish.address AS finish, length(path) AS hops,
       amounts, relationships(path)[0].asset AS asset,
       [n IN nodes(path) | n.id] AS ids
ORDER BY hops DESC, start, ids
LIMIT $limit
