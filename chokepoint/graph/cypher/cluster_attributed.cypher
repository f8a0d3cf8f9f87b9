// The visible addresses of $ids that carry a sanctioned flag or that a visible party controls through a
// visible CONTROLS_ADDRESS, with those parties (the caller reads the flag as the viewer's records give it).
UNWIND $ids AS id
MATCH (a:Entity {id: id})
WHERE any(g IN a.markings WHERE g IN $grants)
WITH a, COLLECT {
  MATCH (h:Entity)-[r:CONTROLS_ADDRESS]->(a)
  WHERE any(g IN r.markings WHERE g IN $grants) AND any(g IN h.markings WHERE g IN $grants)
  WITH DISTINCT h ORDER BY h.id
  RETURN {id: h.id, labels: labels(h), props: properties(h)}
} AS holders
WHERE a.sanctioned IS NOT NULL OR size(holders) > 0
RETURN {id: a.id, labels: labels(a), props: properties(a)} AS address, holders
ORDER BY a.id
