// Remove the SAME_AS links between $id and $others (every SAME_AS link of $id when $others is empty).
MATCH (a:Entity {id: $id})-[x:SAME_AS]-(b)
WHERE size($others) = 0 OR b.id IN $others
WITH x, b.id AS other, x.decisionId AS decisionId
DELETE x
RETURN other, decisionId
