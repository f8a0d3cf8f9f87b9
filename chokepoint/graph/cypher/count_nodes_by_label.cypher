// Node counts per label, the base label left out.
MATCH (n)
UNWIND labels(n) AS label
WITH label WHERE label <> $baseLabel
RETURN label, count(*) AS count
ORDER BY count DESC, label
