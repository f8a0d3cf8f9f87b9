// Nodes for export, by global id: the type label, and every property.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS label, properties(n) AS props
