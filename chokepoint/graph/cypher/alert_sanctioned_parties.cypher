// Watches: the sanctioned parties each grant set sees ($groups: n, grants): an address marked
// sanctioned, or a party under an active designation, read as the grants see them (the stored value
// when they hold every grant of the node, else the latest visible write in the value log), as the
// API's sanctionsExposure reads them; and whether a designation of theirs was written since $since.
// The sources of the exposure reach (chokepoint/alerts/evaluate.py).
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
  RETURN collect({id: t.id, labels: labels(t), markings: t.markings,
                  designatedSince: EXISTS { (t)-[d:SANCTIONED_BY]->(:Designation) WHERE d.ingestedAt >= $since }})
         AS parties
}
RETURN w.n AS n, parties
