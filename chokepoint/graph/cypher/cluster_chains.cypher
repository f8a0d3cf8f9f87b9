// The chains of the UTXO transactions a viewer may see (co-spend clusters never cross chains).
MATCH (t:UtxoTransaction)
WHERE any(g IN t.markings WHERE g IN $grants)
RETURN DISTINCT t.chain AS chain ORDER BY chain
