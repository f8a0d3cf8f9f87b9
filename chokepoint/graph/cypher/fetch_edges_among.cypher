// Relationships leaving a page of nodes, for export (the caller keeps those whose target is selected);
// properties as [key, value] pairs, those named in $temporal as ISO text.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
RETURN elementId(r) AS id, type(r) AS type, a.id AS source, b.id AS target,
       [k IN keys(r) | [k, CASE WHEN k IN $temporal THEN toString(r[k]) ELSE r[k] END]] AS pairs
