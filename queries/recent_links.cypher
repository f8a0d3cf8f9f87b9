// name: recent_links
// description: Relationships first added to the graph in the last N days, newest first, with their source and agency.
// param: days integer = 30 -- how far back to look
// param: limit integer = 100 -- rows to return
MATCH (a)-[r]->(b)
WHERE r.firstSeenAt >= datetime() - duration({days: $days})
RETURN type(r) AS type, coalesce(a.name, a.address, a.caseNumber, a.id) AS source,
       coalesce(b.name, b.address, b.caseNumber, b.id) AS target, r.sourceDataset AS dataset,
       r.agency AS agency, r.caveat AS caveat, r.firstSeenAt AS firstSeenAt
ORDER BY firstSeenAt DESC, type
LIMIT $limit
