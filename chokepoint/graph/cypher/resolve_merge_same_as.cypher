// Write SAME_AS decisions: one relationship per pair and visibility class, named by its decisionId.
// A decision already there is left as it was (decidedAt kept) unless what it rests on changed
// ($rows carry the decision's properties, markings included, as `props`); a pair an analyst split
// (NOT_SAME_AS) is never linked.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
WITH a, b, row
WHERE NOT EXISTS { (a)-[:NOT_SAME_AS]-(b) }
MERGE (a)-[x:SAME_AS {decisionId: row.decisionId}]->(b)
WITH a, b, row, x, x.rule IS NULL AS created
WITH a, b, row, x, created,
     created OR [k IN keys(row.props) WHERE x[k] IS NULL OR x[k] <> row.props[k]] <> [] AS changed
SET x += CASE WHEN changed THEN row.props ELSE {} END,
    x.decidedAt = CASE WHEN changed THEN $now ELSE x.decidedAt END,
    x.ingestedAt = CASE WHEN changed THEN $now ELSE x.ingestedAt END,
    x.firstSeenAt = coalesce(x.firstSeenAt, $now),
    x.synthetic = CASE WHEN a.synthetic OR b.synthetic THEN true END
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN changed AND NOT created THEN 1 END) AS updated
