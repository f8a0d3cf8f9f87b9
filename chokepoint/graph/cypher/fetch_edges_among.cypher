// Relationships leaving a page of nodes, for export (the caller keeps those whose target is selected).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
RETURN elementId(r) AS id, type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
