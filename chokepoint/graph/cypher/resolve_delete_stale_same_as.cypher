// Delete SAME_AS decisions that no visibility class makes any more (what they rested on changed).
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})-[x:SAME_AS]->(b:Entity {id: row.target})
WHERE x.decisionId = row.decisionId
DELETE x
RETURN count(*) AS deleted
