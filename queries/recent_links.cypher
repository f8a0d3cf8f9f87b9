// name: recent_links
// description: Relationships first added to the graph in the last N days, newest first, with their source and agency.
// param: days integer = 30 -- how far back to look
// param: limit integer = 100 -- rows to return
// Only links the viewer may see ($grants), between nodes it may see. Both ends come as
// {id, labels, props} maps and the link as {type, startId, endId, props} (its props name the
// agency, dataset, record and caveat behind it).
MATCH (a)-[r]->(b)
WHERE r.firstSeenAt >= datetime() - duration({days: $days})
  AND any(g IN r.markings WHERE g IN $grants)
  AND any(g IN a.markings WHERE g IN $grants)
  AND any(g IN b.markings WHERE g IN $grants)
RETURN type(r) AS type, {id: a.id, labels: labels(a), props: properties(a)} AS source,
       {id: b.id, labels: labels(b), props: properties(b)} AS target,
       {type: type(r), startId: a.id, endId: b.id, props: properties(r)} AS link,
       r.firstSeenAt AS firstSeenAt, [a.id, b.id] AS ids
ORDER BY firstSeenAt DESC, type, ids
LIMIT $limit
