// API: entities by global id, only those the viewer may see ($grants: "AGENCY|CAVEAT" strings).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE (n.caveat = 'PUBLIC' OR (n.agency + '|' + n.caveat) IN $grants)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
