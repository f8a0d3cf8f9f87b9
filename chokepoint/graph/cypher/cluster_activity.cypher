// What each visible address of $ids spent and received in the visible UTXO transactions, through
// visible links: the value of each spent output and each output paid to it, and the transaction's time.
UNWIND $ids AS id
MATCH (a:Entity {id: id})
WHERE any(g IN a.markings WHERE g IN $grants)
RETURN a.id AS id,
       COLLECT {
         MATCH (a)-[s:SPENT_IN]->(t:UtxoTransaction)
         WHERE any(g IN s.markings WHERE g IN $grants) AND any(g IN t.markings WHERE g IN $grants)
         RETURN [s.value, t.timestamp]
       } AS sent,
       COLLECT {
         MATCH (t:UtxoTransaction)-[p:PAID_TO]->(a)
         WHERE any(g IN p.markings WHERE g IN $grants) AND any(g IN t.markings WHERE g IN $grants)
         RETURN [p.value, t.timestamp]
       } AS received
