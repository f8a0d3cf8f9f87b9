// API chokepoints: the relationship shown for each hop [a, b] of the sample paths - the first by
// type and direction among the visible relationships of $relTypes between the two visible nodes.
UNWIND $pairs AS pair
MATCH (a:Entity {id: head(pair)})-[r]-(b:Entity {id: last(pair)})
WHERE type(r) IN $relTypes
  AND any(g IN a.markings WHERE g IN $grants)
  AND any(g IN b.markings WHERE g IN $grants)
  AND any(g IN r.markings WHERE g IN $grants)
WITH pair, r ORDER BY type(r), startNode(r).id, [k IN $relIdentity | toString(r[k])], elementId(r)
RETURN head(pair) AS a, last(pair) AS b,
       head(collect({type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                     props: properties(r)})) AS relationship
