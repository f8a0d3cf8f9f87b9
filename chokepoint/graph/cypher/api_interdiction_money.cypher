// API interdictionPlan: the visible SENT_FUNDS_TO links between the two visible addresses of each
// pair of $pairs, either way, one row per link as {type, startId, endId, props} (one link per asset).
UNWIND $pairs AS pair
MATCH (a:Entity {id: head(pair)})-[r:SENT_FUNDS_TO]-(b:Entity {id: last(pair)})
WHERE any(g IN a.markings WHERE g IN $grants)
  AND any(g IN b.markings WHERE g IN $grants)
  AND any(g IN r.markings WHERE g IN $grants)
RETURN {type: type(r), startId: startNode(r).id, endId: endNode(r).id, props: properties(r)} AS link
