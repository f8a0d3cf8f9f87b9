// API runInvestigation: does the database hold any node or relationship the viewer may not see?
// Saved investigations are analyst Cypher that does not filter by $grants, so only a viewer who
// may see every record runs them. A record without agency or caveat counts as hidden. Stops at
// the first hidden record found (a full scan only for a viewer who sees everything).
CALL () {
  MATCH (n:Entity)
  WHERE NOT coalesce((n.caveat = 'PUBLIC' OR (n.agency + '|' + n.caveat) IN $grants), false)
  RETURN 1 AS hidden LIMIT 1
  UNION ALL
  MATCH ()-[r]->()
  WHERE NOT coalesce((r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants), false)
  RETURN 1 AS hidden LIMIT 1
}
RETURN count(hidden) > 0 AS hidden
