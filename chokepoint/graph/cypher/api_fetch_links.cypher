// API chokepoints: the relationship shown for each hop [a, b] of the sample paths - the first by
// type and record id among the visible relationships of $relTypes between the two visible nodes.
UNWIND $pairs AS pair
MATCH (a:Entity {id: head(pair)})-[r]-(b:Entity {id: last(pair)})
WHERE type(r) IN $relTypes
  AND (a.caveat = 'PUBLIC' OR (a.agency + '|' + a.caveat) IN $grants)
  AND (b.caveat = 'PUBLIC' OR (b.agency + '|' + b.caveat) IN $grants)
  AND (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
WITH pair, r ORDER BY type(r), r.sourceRecordId, elementId(r)
RETURN head(pair) AS a, last(pair) AS b,
       head(collect({type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                     props: properties(r)})) AS relationship
