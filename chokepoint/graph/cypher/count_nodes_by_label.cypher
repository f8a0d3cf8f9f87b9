// Node counts per label of the domain graph (nodes with the base label; the base label left out:
// bookkeeping nodes such as SourceFile and DeconflictionNotice are not part of it).
MATCH (n)
WHERE $baseLabel IN labels(n)
UNWIND labels(n) AS label
WITH label WHERE label <> $baseLabel
RETURN label, count(*) AS count
ORDER BY count DESC, label
