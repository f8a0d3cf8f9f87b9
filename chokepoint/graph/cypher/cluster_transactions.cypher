// Co-spend clustering of the whole graph as one viewer sees it: one page (by id, after $after) of the
// visible UTXO transactions of $chain, each with what the viewer sees of it (as cluster_spends.cypher).
MATCH (t:UtxoTransaction)
WHERE t.id > $after AND t.chain = $chain AND any(g IN t.markings WHERE g IN $grants)
WITH t ORDER BY t.id LIMIT $limit
RETURN t.id AS id, t.chain AS chain, t.txid AS txid, t.block AS block, t.timestamp AS timestamp,
       t.coinbase AS coinbase, t.inputCount AS inputCount, t.outputCount AS outputCount,
       t.inputValue AS inputValue, t.outputValue AS outputValue,
       t.sourceRecords AS records, coalesce(t.sourceRecordMarkings, [r IN t.sourceRecords | t.sourceRecordsMarking]) AS recordMarkings,
       COLLECT {
         MATCH (x:CryptoAddress)-[r:SPENT_IN]->(t)
         WHERE any(g IN r.markings WHERE g IN $grants) AND any(g IN x.markings WHERE g IN $grants)
         RETURN [r.inputIndex, x.address, r.value, x.id]
       } AS inputs,
       COLLECT {
         MATCH (t)-[p:PAID_TO]->(y:CryptoAddress)
         WHERE any(g IN p.markings WHERE g IN $grants) AND any(g IN y.markings WHERE g IN $grants)
         RETURN [p.outputIndex, y.address, p.value, y.id]
       } AS outputs,
       COLLECT {
         MATCH (d:ClusterSplit)-[k:DISREGARDS]->(t)
         WHERE any(g IN d.markings WHERE g IN $grants) AND any(g IN k.markings WHERE g IN $grants)
         RETURN d.decisionId ORDER BY d.decisionId
       } AS splits
