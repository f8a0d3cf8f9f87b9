// API sanctionsExposure, guided walk (chokepoint/analysis/exposure.py): which of $ids (nodes whose
// exposure floor is 0) the viewer counts as a sanctioned party, exactly as api_find_sanctions_exposure
// does: visible, and marked sanctioned as the viewer's records say (the stored value when it holds
// every grant of the node, else its value log), or under an active designation it sees.
UNWIND $ids AS id
MATCH (t:Entity {id: id})
WHERE any(g IN t.markings WHERE g IN $grants)
  AND ((CASE WHEN t.valueStatements IS NULL OR all(g IN t.markings WHERE g IN $grants)
          THEN t.sanctioned = true
          ELSE any(st IN t.valueStatements WHERE st ENDS WITH '\u001esanctioned\u001etrue'
                   AND split(st, '\u001e')[0] IN $grants) END) OR EXISTS {
    MATCH (t)-[s:SANCTIONED_BY]->(d:Designation)
    WHERE coalesce(CASE WHEN all(g IN d.markings WHERE g IN $grants) THEN d.status
                        ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(d.valueStatements, []) | split(stmt, '\u001e')]
                                  | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                         THEN [stmt[4], stmt[2]] ELSE acc END)[0] END, 'active') = 'active'
      AND any(g IN s.markings WHERE g IN $grants)
      AND any(g IN d.markings WHERE g IN $grants)
  })
RETURN t.id AS id
