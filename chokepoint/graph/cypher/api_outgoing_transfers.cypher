// API temporalMoneyChains: per visible address of $ids, its visible outgoing transfers to visible
// addresses, at most $perAddress of them, earliest first, from $after on (a transfer asserted under
// several grants is always returned: the viewer's own values of it are checked by the caller).
UNWIND $ids AS addressId
MATCH (a:Entity {id: addressId})
WHERE any(g IN a.markings WHERE g IN $grants)
CALL (a) {
  MATCH (a)-[s:SENT]->(t:Transfer)-[r:RECEIVED]->(b:CryptoAddress)
  WHERE any(g IN s.markings WHERE g IN $grants)
    AND any(g IN t.markings WHERE g IN $grants)
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN b.markings WHERE g IN $grants)
    AND ($after IS NULL OR t.valueStatements IS NOT NULL OR t.timestamp >= $after)
  RETURN t, b
  ORDER BY t.timestamp, t.id
  LIMIT $perAddress
}
RETURN a.id AS start, b.id AS end, {id: t.id, labels: labels(t), props: properties(t)} AS transfer
