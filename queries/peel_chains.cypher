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
// The chain is grown hop by hop and pruned as it grows, not enumerated first: a start's first hop is
// one of its largest visible outflows, with no visible inflow as large before it; each later hop
// leaves an inner address (fan-out <= maxFanOut, no outflow above the first hop's amount) by one of
// its largest visible outflows. The amounts shrinking along the whole chain are checked at the end.
// (The same chains as walking every 2..8-hop path and filtering it afterwards.)
// $everything (the CLI's own view, which may see every element) skips each check's markings read.
MATCH (start:CryptoAddress)
WHERE ($everything OR any(g IN start.markings WHERE g IN $grants))
// every visible outflow of the start, with its VISIBLE AMOUNT; then the visible inflows' amounts
WITH start,
     [(start)-[out:SENT_FUNDS_TO]->(next)
      WHERE ($everything OR any(g IN out.markings WHERE g IN $grants)) AND ($everything OR any(g IN next.markings WHERE g IN $grants))
      | {link: out, next: next,
        amount: CASE WHEN ($everything OR all(g IN out.markings WHERE g IN $grants)) THEN toFloat(out.totalAmount)
                     WHEN out.totalsByVisibility IS NOT NULL
                     THEN reduce(visible = 0.0, cls IN [cls IN out.totalsByVisibility
                                                WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                 | visible + toFloat(split(cls, '\u001e')[4]))
                     ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(out.valueStatements, []) | split(stmt, '\u001e')]
                                         | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                     AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END}] AS outflows
UNWIND outflows AS chosen
WITH start, chosen, outflows
WHERE NOT any(other IN outflows WHERE other.amount > chosen.amount)
WITH start, chosen.link AS first, chosen.next AS second, chosen.amount AS amount
// second opens the walk below, so its fan-out limit holds: checked before the inflows (the cheaper
// test of the two, and most rows fail it)
WHERE size([(second)-[out:SENT_FUNDS_TO]->(next)
            WHERE ($everything OR any(g IN out.markings WHERE g IN $grants)) AND ($everything OR any(g IN next.markings WHERE g IN $grants)) | out]) <= $maxFanOut
WITH start, first, second, amount
WHERE NOT any(inflow IN [(before:CryptoAddress)-[flow:SENT_FUNDS_TO]->(start)
                   WHERE ($everything OR any(g IN before.markings WHERE g IN $grants)) AND ($everything OR any(g IN flow.markings WHERE g IN $grants))
                   | CASE WHEN ($everything OR all(g IN flow.markings WHERE g IN $grants)) THEN toFloat(flow.totalAmount)
                          WHEN flow.totalsByVisibility IS NOT NULL
                          THEN reduce(visible = 0.0, cls IN [cls IN flow.totalsByVisibility
                                                     WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                      | visible + toFloat(split(cls, '\u001e')[4]))
                          ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(flow.valueStatements, []) | split(stmt, '\u001e')]
                                              | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                          AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                     THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END]
              WHERE inflow >= amount)
CALL {
  WITH first, second, amount
  WITH first, second, amount
  WHERE ($everything OR any(g IN second.markings WHERE g IN $grants))
  // Each step leaves an inner address: its fan-out at most maxFanOut and none of its outflows above
  // the first hop's amount (checked once per address, before its flows are followed: a chain's
  // amounts never grow), by one of its largest visible outflows.
  MATCH rest = (second)((sender)-[hop:SENT_FUNDS_TO]->(receiver)
                 WHERE ($everything OR any(g IN sender.markings WHERE g IN $grants)) AND ($everything OR any(g IN hop.markings WHERE g IN $grants))
                   AND ($everything OR any(g IN receiver.markings WHERE g IN $grants))
                   AND all(leaving IN [[(sender)-[out:SENT_FUNDS_TO]->(next)
                                         WHERE ($everything OR any(g IN out.markings WHERE g IN $grants)) AND ($everything OR any(g IN next.markings WHERE g IN $grants))
                                         | CASE WHEN ($everything OR all(g IN out.markings WHERE g IN $grants)) THEN toFloat(out.totalAmount)
                                               WHEN out.totalsByVisibility IS NOT NULL
                                               THEN reduce(visible = 0.0, cls IN [cls IN out.totalsByVisibility
                                                                          WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                                           | visible + toFloat(split(cls, '\u001e')[4]))
                                               ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(out.valueStatements, []) | split(stmt, '\u001e')]
                                                                   | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                                               AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                                          THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END]]
                           WHERE CASE WHEN size(leaving) > $maxFanOut THEN false
                                      ELSE NOT any(larger IN leaving WHERE larger > amount) END)
                   AND NOT any(larger IN [(sender)-[other:SENT_FUNDS_TO]->(beside)
                                        WHERE ($everything OR any(g IN other.markings WHERE g IN $grants)) AND ($everything OR any(g IN beside.markings WHERE g IN $grants))
                                        | CASE WHEN ($everything OR all(g IN other.markings WHERE g IN $grants)) THEN toFloat(other.totalAmount)
                                              WHEN other.totalsByVisibility IS NOT NULL
                                              THEN reduce(visible = 0.0, cls IN [cls IN other.totalsByVisibility
                                                                         WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                                          | visible + toFloat(split(cls, '\u001e')[4]))
                                              ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(other.valueStatements, []) | split(stmt, '\u001e')]
                                                                  | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                                              AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                                         THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END]
                               WHERE larger > CASE WHEN ($everything OR all(g IN hop.markings WHERE g IN $grants)) THEN toFloat(hop.totalAmount)
                                                   WHEN hop.totalsByVisibility IS NOT NULL
                                                   THEN reduce(visible = 0.0, cls IN [cls IN hop.totalsByVisibility
                                                                              WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                                               | visible + toFloat(split(cls, '\u001e')[4]))
                                                   ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(hop.valueStatements, []) | split(stmt, '\u001e')]
                                                                       | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                                                   AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                                              THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END)){1,7}(finish:CryptoAddress)
  WHERE NOT first IN hop AND 1 + length(rest) >= $minHops AND ($everything OR any(g IN finish.markings WHERE g IN $grants))
  RETURN rest, finish
}
WITH start, finish, [start] + nodes(rest) AS nodes, [first] + relationships(rest) AS links
WITH start, finish, nodes, links,
     [link IN links | CASE WHEN ($everything OR all(g IN link.markings WHERE g IN $grants)) THEN toFloat(link.totalAmount)
                         WHEN link.totalsByVisibility IS NOT NULL
                         THEN reduce(visible = 0.0, cls IN [cls IN link.totalsByVisibility
                                                    WHERE any(g IN split(split(cls, '\u001e')[0], ',') WHERE g IN $grants)]
                                     | visible + toFloat(split(cls, '\u001e')[4]))
                         ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(link.valueStatements, []) | split(stmt, '\u001e')]
                                             | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'totalAmount'
                                                         AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                    THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END] AS amounts
WHERE all(i IN range(0, size(amounts) - 2) WHERE amounts[i + 1] <= amounts[i])
RETURN start.address AS start, finish.address AS finish, size(links) AS hops,
       amounts, links[0].asset AS asset,
       [n IN nodes | n.id] AS ids
ORDER BY hops DESC, start, ids
LIMIT $limit
