// API: up to 25 shortest paths (at most 8 hops, and at most $maxHops) between two entities over
// $relTypes (empty: every type); every node and relationship on a path is visible to the viewer.
// Equally short paths come in the order of their node ids, then relationship types and directions:
// a stable order that cursors can page through, the same in any database holding the same records.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE any(g IN a.markings WHERE g IN $grants)
  AND any(g IN b.markings WHERE g IN $grants)
MATCH p = SHORTEST 25 (a)(()-[r]-(m:Entity)
  WHERE (size($relTypes) = 0 OR type(r) IN $relTypes)
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)){1,8}(b)
WHERE length(p) <= $maxHops
WITH p ORDER BY length(p), [n IN nodes(p) | n.id], [r IN relationships(p) | type(r)],
               [r IN relationships(p) | startNode(r).id]
RETURN [n IN nodes(p) | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [r IN relationships(p) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                 props: properties(r)}] AS relationships
