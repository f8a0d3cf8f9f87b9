// Exposure floor 0: every node that is, or under some grant's records ever was, marked sanctioned,
// and every node with a designation of any status. A superset of what any viewer counts as a
// sanctioned party (api_find_sanctions_exposure.cypher), so the distances from it are lower bounds.
MATCH (t:Entity)
  WHERE t.sanctioned = true
     OR any(st IN coalesce(t.valueStatements, []) WHERE st ENDS WITH '\u001esanctioned\u001etrue')
     OR EXISTS { (t)-[:SANCTIONED_BY]->(:Designation) }
SET t.exposureFloor = 0
RETURN count(t) AS reached
