// Record one split decision: a ClusterSplit node with its provenance (made under $agency|$caveat,
// visible under $grant) and a DISREGARDS link to each transaction of $ids.
CREATE (d:ClusterSplit:Entity {id: 'ClusterSplit:' + $decisionId})
SET d.decisionId = $decisionId, d.decidedAt = $now, d.decidedBy = $by, d.reason = $reason, d.rule = $rule,
    d.sourceDataset = $dataset, d.sourceRecordId = $decisionId, d.sourceRecords = [$dataset + ':' + $decisionId],
    d.sourceRecordsMarking = $agency + '|' + $caveat, d.markings = [$grant], d.agency = $agency,
    d.caveat = $caveat, d.synthetic = $synthetic, d.ingestedAt = $now, d.firstSeenAt = $now
WITH d
UNWIND $ids AS id
MATCH (t:UtxoTransaction {id: id})
CREATE (d)-[k:DISREGARDS]->(t)
SET k.sourceDataset = $dataset, k.sourceRecordId = $decisionId, k.sourceRecords = [$dataset + ':' + $decisionId],
    k.sourceRecordsMarking = $agency + '|' + $caveat, k.markings = [$grant], k.agency = $agency,
    k.caveat = $caveat, k.synthetic = $synthetic, k.ingestedAt = $now, k.firstSeenAt = $now
RETURN count(k) AS linked
