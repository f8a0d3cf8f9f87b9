// API runInvestigation: does the database hold any assertion the viewer may not see?
// Saved investigations are analyst Cypher that does not filter by $grants, so only a viewer who
// may see every record of every element runs them. An element without markings counts as hidden.
// Stops at the first hidden record found (a full scan only for a viewer who sees everything).
CALL () {
  MATCH (n:Entity)
  WHERE n.markings IS NULL OR any(g IN n.markings WHERE NOT g IN $grants)
  RETURN 1 AS hidden LIMIT 1
  UNION ALL
  MATCH ()-[r]->()
  WHERE r.markings IS NULL OR any(g IN r.markings WHERE NOT g IN $grants)
  RETURN 1 AS hidden LIMIT 1
}
RETURN count(hidden) > 0 AS hidden
