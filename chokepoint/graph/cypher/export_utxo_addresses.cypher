// Chart exports with clusters: the visible addresses of UTXO chains ($chains) among the node ids $ids,
// whose co-spend clusters the chart draws.
UNWIND $ids AS id
MATCH (a:CryptoAddress {id: id})
WHERE a.chain IN $chains AND any(g IN a.markings WHERE g IN $grants)
RETURN a.id AS id, a.chain AS chain, a.address AS address
ORDER BY a.id
