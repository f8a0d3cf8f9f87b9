// name: recent_links
// description: Relationships first added to the graph in the last N days, newest first, with their source and agency.
// param: days integer = 30 -- how far back to look
// param: limit integer = 100 -- rows to return
// Only links the viewer may see ($grants), between nodes it may see. Both ends come as
// {id, labels, props} maps and the link as {type, startId, endId, props} (its props name the
// agency, dataset, record and caveat behind it). "First added" is the viewer's: the stored
// firstSeenAt when it holds every grant of the link, else the time of the first write of its
// records in the link's value log (a hidden record's earlier write neither shows nor filters); a
// SENT_FUNDS_TO link of ledgers (its totals have no value log) was first added with the first
// transfer of its pair and asset that the viewer sees, dated the same way (the earlier of the two
// when both).
// $everything (the CLI's own view, which may see every element) skips each check's markings read.
MATCH (a)-[r]->(b)
WHERE ($everything OR any(g IN r.markings WHERE g IN $grants))
// The link's first sight for this viewer: its stored firstSeenAt when the viewer holds all its grants
// (most links: nothing else is read), else the earliest of its own and, for SENT_FUNDS_TO, of the
// visible transfers of its pair and asset: each one's stored firstSeenAt when the viewer holds all its
// grants, else the earliest SEQ of the viewer's grants in its value log.
WITH r,
     CASE WHEN ($everything OR all(g IN r.markings WHERE g IN $grants)) THEN r.firstSeenAt
          ELSE reduce(first = null, seen IN
                 [e IN [r] + CASE WHEN type(r) = 'SENT_FUNDS_TO'
                                  THEN COLLECT {
                                         WITH a, b
                                         MATCH (a)-[sent:SENT]->(t:Transfer)-[received:RECEIVED]->(b)
                                         WHERE t.asset = r.asset AND ($everything OR any(g IN t.markings WHERE g IN $grants))
                                           AND ($everything OR any(g IN sent.markings WHERE g IN $grants))
                                           AND ($everything OR any(g IN received.markings WHERE g IN $grants))
                                         RETURN t
                                       }
                                  ELSE [] END |
                   CASE WHEN ($everything OR all(g IN e.markings WHERE g IN $grants)) THEN e.firstSeenAt
                        ELSE [micros IN [reduce(least = null, seq IN [stmt IN coalesce(e.valueStatements, [])
                                                                     WHERE split(stmt, '\u001e')[0] IN $grants
                                                                     | toInteger(split(stmt, '\u001e')[1])]
                                              | CASE WHEN least IS NULL OR seq < least THEN seq ELSE least END)]
                              WHERE micros IS NOT NULL
                              | datetime({epochSeconds: micros / 1000000, nanosecond: (micros % 1000000) * 1000})][0]
                   END]
                 | CASE WHEN seen IS NULL THEN first WHEN first IS NULL OR seen < first THEN seen ELSE first END)
     END AS firstSeenAt
WHERE firstSeenAt >= datetime() - duration({days: $days})
// The links are grouped by (first sight, type) before their ends are read, and the groups are taken
// newest first, each one's visible links sorted by their ends' ids, until $limit rows are found: an
// ingest stamps one first sight on all it adds, so the newest groups are small and the ends of the
// older links are never read.
WITH firstSeenAt, type(r) AS type, collect(r) AS links
ORDER BY firstSeenAt DESC, type
CALL (firstSeenAt, type, links) {
  UNWIND links AS r
  WITH r, startNode(r) AS a, endNode(r) AS b
  WHERE ($everything OR any(g IN a.markings WHERE g IN $grants)) AND ($everything OR any(g IN b.markings WHERE g IN $grants))
  RETURN a, r, b
  ORDER BY a.id, b.id
}
RETURN type, {id: a.id, labels: labels(a), props: properties(a)} AS source,
       {id: b.id, labels: labels(b), props: properties(b)} AS target,
       {type: type, startId: a.id, endId: b.id, props: properties(r)} AS link,
       firstSeenAt, [a.id, b.id] AS ids
LIMIT $limit
