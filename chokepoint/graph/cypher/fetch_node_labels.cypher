// The type label of each of these global ids that exists (records that refer to a node by id).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS label
