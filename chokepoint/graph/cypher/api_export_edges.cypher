// A page of the relationships among one viewer's selected nodes, for its export: as
// fetch_edges_among, only those the viewer may see, each [type, source id, target id, values,
// shared record marking, file key, value log, totals per visibility class] (the last two internal, never exported: a link the viewer
// sees in part is shown with its visible records' values and its visible transfers' totals; both
// null for a link seen whole, whose stored values and totals are its viewer's).
UNWIND $page AS source
MATCH (a) WHERE elementId(a) = source
WITH a, a.id AS sourceId
MATCH (a)-[r]->(b)
WHERE elementId(b) IN $members AND any(g IN r.markings WHERE g IN $grants)
WITH sourceId, b.id AS targetId, type(r) AS type, properties(r) AS p
RETURN collect([type, sourceId, targetId,
                [k IN coalesce($plain[type], []) | p[k]]
                + [k IN coalesce($temporal[type], []) | toString(p[k])],
                p.sourceRecordsMarking, p.sourceFile]
               + CASE WHEN all(g IN p.markings WHERE g IN $grants) THEN [null, null]
                      ELSE [p.valueStatements, p.totalsByVisibility] END) AS edges
