// Chart exports with clusters: the visible addresses of UTXO chains ($chains) among the node ids $ids
// that spent in a visible transaction of two or more inputs (a co-spend needs one), whose co-spend
// clusters the chart draws; the others cannot be in a cluster of two, so their walks are saved.
UNWIND $ids AS id
MATCH (a:CryptoAddress {id: id})
WHERE a.chain IN $chains AND any(g IN a.markings WHERE g IN $grants)
  AND EXISTS {
    MATCH (a)-[s:SPENT_IN]->(t:UtxoTransaction)
    WHERE t.inputCount >= 2 AND any(g IN s.markings WHERE g IN $grants) AND any(g IN t.markings WHERE g IN $grants)
  }
RETURN a.id AS id, a.chain AS chain, a.address AS address
ORDER BY a.id
