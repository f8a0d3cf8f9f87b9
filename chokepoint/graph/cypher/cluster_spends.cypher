// Co-spend clustering, one breadth-first level: the visible UTXO transactions in which a visible
// address of $ids spent a visible output (except those of $seen, read at the level before), each with
// what the viewer sees of it: its inputs' and outputs' visible links and addresses, and the visible
// split decisions that disregard it. Nothing of a transaction, link, address or decision the viewer
// may not see is read. At most $limit transactions (the caller's bound on the walk).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[s:SPENT_IN]->(t:UtxoTransaction)
WHERE any(g IN a.markings WHERE g IN $grants)
  AND any(g IN s.markings WHERE g IN $grants)
  AND any(g IN t.markings WHERE g IN $grants)
  AND NOT t.id IN $seen
WITH DISTINCT t
LIMIT $limit
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
