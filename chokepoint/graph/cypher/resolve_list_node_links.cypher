// SAME_AS and NOT_SAME_AS links touching the given nodes, with their decision properties.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[x:SAME_AS|NOT_SAME_AS]-()
WITH DISTINCT x
RETURN type(x) AS type, startNode(x).id AS source, endNode(x).id AS target, properties(x) AS props
