// Undo a split decision: delete its ClusterSplit node and its DISREGARDS links; the txids it named.
MATCH (d:ClusterSplit {decisionId: $decisionId})
OPTIONAL MATCH (d)-[:DISREGARDS]->(t:UtxoTransaction)
WITH d, collect(t.txid) AS txids
DETACH DELETE d
RETURN txids
