// API interdictionPlan: for each pair of $pairs joined by a visible link of a type an action cuts
// ($linkTypes), every visible link of $relTypes between the two visible nodes (a pair is cut apart
// only when all of them are), one row per link as {type, startId, endId, props}.
UNWIND $pairs AS pair
MATCH (a:Entity {id: head(pair)})-[s]-(b:Entity {id: last(pair)})
WHERE type(s) IN $linkTypes
  AND any(g IN a.markings WHERE g IN $grants)
  AND any(g IN b.markings WHERE g IN $grants)
  AND any(g IN s.markings WHERE g IN $grants)
WITH DISTINCT a, b
MATCH (a)-[r]-(b)
WHERE type(r) IN $relTypes
  AND any(g IN r.markings WHERE g IN $grants)
RETURN {type: type(r), startId: startNode(r).id, endId: endNode(r).id, props: properties(r)} AS link
