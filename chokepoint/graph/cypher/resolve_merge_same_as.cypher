// Write SAME_AS decisions. Idempotent: a pair already linked (either direction) is left as it was
// decided, and a pair an analyst split (NOT_SAME_AS) is never linked. The link carries the most
// restrictive caveat of its two ends ($caveatOrder lists caveats from least to most restrictive).
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
WITH a, b, row
WHERE NOT EXISTS { (a)-[:SAME_AS|NOT_SAME_AS]-(b) }
CREATE (a)-[x:SAME_AS]->(b)
SET x.score = row.score, x.rule = row.rule, x.records = row.records, x.decisionId = row.decisionId,
    x.decidedAt = $now, x.explanation = row.explanation,
    x.sourceDataset = $dataset, x.sourceRecordId = row.decisionId,
    x.sourceRecords = [$dataset + ':' + row.decisionId], x.agency = $agency,
    x.caveat = coalesce([c IN $caveatOrder WHERE c IN [a.caveat, b.caveat]][-1], last($caveatOrder)),
    x.synthetic = CASE WHEN a.synthetic OR b.synthetic THEN true END,
    x.ingestedAt = $now, x.firstSeenAt = $now
SET x.sourceRecordMarkings = [x.agency + '|' + x.caveat],
    x.markings = [CASE WHEN x.caveat = 'PUBLIC' THEN 'PUBLIC' ELSE x.agency + '|' + x.caveat END]
RETURN count(x) AS created
