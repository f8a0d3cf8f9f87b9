// API: visible parties that control the address $id through visible CONTROLS_ADDRESS, one page.
MATCH (a:Entity {id: $id})
WHERE (a.caveat = 'PUBLIC' OR (a.agency + '|' + a.caveat) IN $grants)
WITH COLLECT {
  MATCH (h:Entity)-[r:CONTROLS_ADDRESS]->(a)
  WHERE (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
    AND (h.caveat = 'PUBLIC' OR (h.agency + '|' + h.caveat) IN $grants)
  WITH DISTINCT h
  ORDER BY h.id
  RETURN h
} AS holders
RETURN size(holders) AS total,
       [h IN holders[$skip..$skip + $first] | {id: h.id, labels: labels(h), props: properties(h)}] AS page
