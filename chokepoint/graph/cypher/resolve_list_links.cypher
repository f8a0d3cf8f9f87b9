// Every resolution link: SAME_AS decisions (with score, to order them, and their decision id and
// markings: the visibility class each was decided in) and NOT_SAME_AS splits.
MATCH (a)-[x:SAME_AS|NOT_SAME_AS]->(b)
RETURN type(x) AS type, a.id AS source, b.id AS target, x.score AS score, x.decisionId AS decisionId,
       coalesce(x.markings, []) AS markings
