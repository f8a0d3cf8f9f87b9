// API: per entity of $ids, one page ($skip, $limit) of visible relationships to visible
// neighbours, ordered by type, neighbour id, direction, then the identity values of parallel links
// ($relIdentity: every relationship type's identity keys), which every assertion carries. Filters as in
// api_count_neighbors.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE any(g IN n.markings WHERE g IN $grants)
RETURN id, COLLECT {
  MATCH (n)-[r]-(m:Entity)
  WHERE (size($relTypes) = 0 OR type(r) IN $relTypes)
    AND ($direction = 'BOTH' OR ($direction = 'OUTGOING' AND startNode(r) = n)
         OR ($direction = 'INCOMING' AND endNode(r) = n))
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
  WITH n, r, m
  ORDER BY type(r), m.id, startNode(r).id, [k IN $relIdentity | toString(r[k])], elementId(r)
  SKIP $skip
  LIMIT $limit
  RETURN {outgoing: startNode(r) = n,
          node: {id: m.id, labels: labels(m), props: properties(m)},
          relationship: {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                         props: properties(r)}}
} AS page
