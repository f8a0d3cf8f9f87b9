// API temporalMoneyChains: the visible addresses of each visible entity of $ids - itself when it is
// an address; else those it controls, those its SAME_AS parties control and those its members
// (MEMBER_OF) control, over visible links and nodes.
UNWIND $ids AS entityId
MATCH (p:Entity {id: entityId})
WHERE any(g IN p.markings WHERE g IN $grants)
RETURN p.id AS id,
       CASE WHEN p:CryptoAddress THEN [p.id] ELSE COLLECT {
         MATCH (p)-[c:CONTROLS_ADDRESS]->(w:CryptoAddress)
         WHERE any(g IN c.markings WHERE g IN $grants) AND any(g IN w.markings WHERE g IN $grants)
         RETURN w.id AS wallet
         UNION
         MATCH (p)-[s:SAME_AS]-(q:Entity)-[c:CONTROLS_ADDRESS]->(w:CryptoAddress)
         WHERE any(g IN s.markings WHERE g IN $grants) AND any(g IN q.markings WHERE g IN $grants)
           AND any(g IN c.markings WHERE g IN $grants) AND any(g IN w.markings WHERE g IN $grants)
         RETURN w.id AS wallet
         UNION
         MATCH (p)<-[m:MEMBER_OF]-(q:Entity)-[c:CONTROLS_ADDRESS]->(w:CryptoAddress)
         WHERE any(g IN m.markings WHERE g IN $grants) AND any(g IN q.markings WHERE g IN $grants)
           AND any(g IN c.markings WHERE g IN $grants) AND any(g IN w.markings WHERE g IN $grants)
         RETURN w.id AS wallet
       } END AS wallets
