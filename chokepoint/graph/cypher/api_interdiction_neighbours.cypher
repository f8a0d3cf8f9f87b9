// API interdictionPlan: what the action rules look at around each node of $ids (visible): its
// visible neighbours over the visible links of $relTypes, at most 100 per node, each with which way
// the link points (outgoing: the node is its start) and the neighbour as {id, labels, props}.
UNWIND $ids AS nodeId
MATCH (n:Entity {id: nodeId})
WHERE any(g IN n.markings WHERE g IN $grants)
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE type(r) IN $relTypes
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN m.markings WHERE g IN $grants)
  RETURN type(r) AS type, startNode(r) = n AS outgoing, m
  ORDER BY type, m.id
  LIMIT 100
}
RETURN n.id AS id, type, outgoing, {id: m.id, labels: labels(m), props: properties(m)} AS neighbour
