// Keep each NOT_SAME_AS (an analyst's split) at the most restrictive caveat of its ends (an end may
// have been re-ingested under a stricter caveat since the split). SAME_AS links are marked by their
// evidence, recomputed by every run.
MATCH (a)-[x:NOT_SAME_AS]->(b)
WITH x, coalesce([c IN $caveatOrder WHERE c IN [a.caveat, b.caveat]][-1], last($caveatOrder)) AS caveat
WHERE x.caveat IS NULL OR x.caveat <> caveat
SET x.caveat = caveat, x.sourceRecordMarkings = [x.agency + '|' + caveat],
    x.markings = [CASE WHEN caveat = 'PUBLIC' THEN 'PUBLIC' ELSE x.agency + '|' + caveat END]
RETURN count(x) AS updated
