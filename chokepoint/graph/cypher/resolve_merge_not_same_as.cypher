// Record analysts' splits: NOT_SAME_AS between each pair (kept as first decided when it exists),
// with the most restrictive caveat of its two ends.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
WITH a, b, row
WHERE NOT EXISTS { (a)-[:NOT_SAME_AS]-(b) }
CREATE (a)-[x:NOT_SAME_AS]->(b)
SET x.decisionId = row.decisionId, x.decidedAt = $now, x.decidedBy = $by, x.reason = $reason,
    x.sourceDataset = $dataset, x.sourceRecordId = row.decisionId,
    x.sourceRecords = [$dataset + ':' + row.decisionId], x.agency = $agency,
    x.caveat = coalesce([c IN $caveatOrder WHERE c IN [a.caveat, b.caveat]][-1], last($caveatOrder)),
    x.synthetic = CASE WHEN a.synthetic OR b.synthetic THEN true END,
    x.ingestedAt = $now, x.firstSeenAt = $now
SET x.sourceRecordMarkings = [x.agency + '|' + x.caveat],
    x.markings = [CASE WHEN x.caveat = 'PUBLIC' THEN 'PUBLIC' ELSE x.agency + '|' + x.caveat END]
RETURN count(x) AS created
