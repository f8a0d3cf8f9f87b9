// API: per entity of $ids, visible relationships to visible neighbours, counted per type and
// direction ($relTypes empty: every type; $direction OUTGOING, INCOMING or BOTH). No paging.
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
  WITH type(r) AS relType,
       sum(CASE WHEN startNode(r) = n THEN 1 ELSE 0 END) AS outgoing,
       sum(CASE WHEN startNode(r) = n THEN 0 ELSE 1 END) AS incoming
  ORDER BY relType
  RETURN {type: relType, outgoing: outgoing, incoming: incoming}
} AS counts
