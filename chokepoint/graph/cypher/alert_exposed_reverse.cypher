// Watches: alert_exposure_nearest.cypher's reach searched from the other side, when sanctioned parties are fewer than
// the searches: for each group of searches sharing grants, types and maxHops ($groups: grants, types,
// maxHops, subjects), the subjects within maxHops of a sanctioned party the grants see (breadth-first
// from each party, element-local predicates only). Returns each group's index and the subjects found.
UNWIND $groups AS w
CALL (w) {
  MATCH (t:Entity)
    WHERE (t:CryptoAddress AND t.sanctioned = true) OR EXISTS { (t)-[:SANCTIONED_BY]->(:Designation) }
  WITH t
    WHERE any(g IN t.markings WHERE g IN w.grants)
      AND ((CASE WHEN t.valueStatements IS NULL OR all(g IN t.markings WHERE g IN w.grants)
                 THEN t.sanctioned = true
                 ELSE any(st IN t.valueStatements WHERE st ENDS WITH '\u001esanctioned\u001etrue'
                          AND split(st, '\u001e')[0] IN w.grants) END)
           OR EXISTS {
             MATCH (t)-[sb:SANCTIONED_BY]->(d:Designation)
             WHERE coalesce(CASE WHEN all(g IN d.markings WHERE g IN w.grants) THEN d.status
                                 ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(d.valueStatements, []) | split(stmt, '\u001e')]
                                      | CASE WHEN stmt[0] IN w.grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                             THEN [stmt[4], stmt[2]] ELSE acc END)[0] END, 'active') = 'active'
               AND any(g IN sb.markings WHERE g IN w.grants)
               AND any(g IN d.markings WHERE g IN w.grants)
           })
  MATCH p = SHORTEST 1 (t)(()-[r]-(m:Entity)
      WHERE type(r) IN w.types
        AND any(g IN r.markings WHERE g IN w.grants)
        AND any(g IN m.markings WHERE g IN w.grants)){1,4}(s)
    WHERE length(p) <= w.maxHops AND s.id IN w.subjects
  RETURN DISTINCT s.id AS subject
}
RETURN w.n AS n, collect(subject) AS subjects
