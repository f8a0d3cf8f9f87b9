// API: up to 25 shortest paths (at most 8 hops, and at most $maxHops) between two entities over
// $relTypes (empty: every type); every node and relationship on a path is visible to the viewer.
// Equally short paths come in the order of their node ids, then relationship types: a stable order
// that cursors can page through.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE (a.caveat = 'PUBLIC' OR (a.agency + '|' + a.caveat) IN $grants)
  AND (b.caveat = 'PUBLIC' OR (b.agency + '|' + b.caveat) IN $grants)
MATCH p = SHORTEST 25 (a)(()-[r]-(m:Entity)
  WHERE (size($relTypes) = 0 OR type(r) IN $relTypes)
    AND (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
    AND (m.caveat = 'PUBLIC' OR (m.agency + '|' + m.caveat) IN $grants)){1,8}(b)
WHERE length(p) <= $maxHops
WITH p ORDER BY length(p), [n IN nodes(p) | n.id], [r IN relationships(p) | type(r)]
RETURN [n IN nodes(p) | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [r IN relationships(p) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                 props: properties(r)}] AS relationships
