// API sanctionsExposure, guided walk: the answer in api_find_sanctions_exposure's shape, for the path
// the walk found: $nodeIds from the address to the party $party, $linkIds the element ids of the
// links between them, and the party's active designations the viewer sees (its status as the
// viewer's records give it). Each element is checked against the viewer's grants again.
MATCH (t:Entity {id: $party})
WHERE any(g IN t.markings WHERE g IN $grants)
RETURN size($linkIds) AS hops,
       {id: t.id, labels: labels(t), props: properties(t)} AS party,
       COLLECT {
         MATCH (t)-[s:SANCTIONED_BY]->(d:Designation)
         WHERE coalesce(CASE WHEN all(g IN d.markings WHERE g IN $grants) THEN d.status
                             ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(d.valueStatements, []) | split(stmt, '\u001e')]
                                       | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                              THEN [stmt[4], stmt[2]] ELSE acc END)[0] END, 'active') = 'active'
           AND any(g IN s.markings WHERE g IN $grants)
           AND any(g IN d.markings WHERE g IN $grants)
         RETURN {id: d.id, labels: labels(d), props: properties(d)}
       } AS designations,
       [id IN $nodeIds | COLLECT { MATCH (n:Entity {id: id}) WHERE any(g IN n.markings WHERE g IN $grants) RETURN {id: n.id, labels: labels(n), props: properties(n)} }[0]]
         AS nodes,
       [eid IN $linkIds | COLLECT { MATCH ()-[r]->() WHERE elementId(r) = eid AND any(g IN r.markings WHERE g IN $grants)
                                    RETURN {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                            props: properties(r)} }[0]] AS relationships
