// API: visible parties that control the address $id through visible CONTROLS_ADDRESS, one page.
MATCH (a:Entity {id: $id})
WHERE any(g IN a.markings WHERE g IN $grants)
WITH COLLECT {
  MATCH (h:Entity)-[r:CONTROLS_ADDRESS]->(a)
  WHERE any(g IN r.markings WHERE g IN $grants)
    AND any(g IN h.markings WHERE g IN $grants)
  WITH DISTINCT h
  ORDER BY h.id
  RETURN h
} AS holders
RETURN size(holders) AS total,
       [h IN holders[$skip..$skip + $first] | {id: h.id, labels: labels(h), props: properties(h)}] AS page
