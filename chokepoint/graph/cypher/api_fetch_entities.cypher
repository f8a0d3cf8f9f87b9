// API: entities by global id, only those the viewer may see ($grants: "AGENCY|CAVEAT" strings).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE any(g IN n.markings WHERE g IN $grants)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
