// Watches: each new relationship an ingest asserted on a watched entity ($links, numbered by n), with
// what an alert on it needs: both ends' labels and markings, the link's markings, and the stored
// properties of a transfer at its start (what the watch's agency sees of them is computed from them).
UNWIND $links AS l
MATCH (a:Entity {id: l.source})-[r]->(b:Entity {id: l.target})
  WHERE type(r) = l.type AND all(k IN keys(l.identity) WHERE r[k] = l.identity[k])
RETURN l.n AS n, labels(a) AS sourceLabels, a.markings AS sourceMarkings, r.markings AS markings,
       labels(b) AS targetLabels, b.markings AS targetMarkings,
       CASE WHEN a:Transfer THEN properties(a) END AS transfer
