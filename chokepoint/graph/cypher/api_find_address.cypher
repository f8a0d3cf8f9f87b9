// API: a crypto address by chain and normalised address, when visible to the viewer.
MATCH (n:CryptoAddress {chain: $chain, address: $address})
WHERE any(g IN n.markings WHERE g IN $grants)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
