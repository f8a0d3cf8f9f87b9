// Relationships for export: those leaving a page of nodes whose other end is also in the node set.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $members
RETURN elementId(r) AS id, type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
