// Every split decision with the transactions it disregards (the CLI's everything view).
MATCH (d:ClusterSplit)
RETURN d.decisionId AS decisionId, d.decidedAt AS decidedAt, d.decidedBy AS decidedBy, d.reason AS reason,
       d.agency AS agency, d.caveat AS caveat, d.markings AS markings,
       COLLECT { MATCH (d)-[:DISREGARDS]->(t:UtxoTransaction) RETURN t.txid ORDER BY t.txid } AS txids
ORDER BY decidedAt, decisionId
