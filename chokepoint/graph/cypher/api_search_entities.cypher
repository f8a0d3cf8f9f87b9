// API: full-text search ($lucene is escaped user text), visible hits of the wanted types, one page.
// $maxHits caps the index hits considered; total counts the visible ones among them.
CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $maxHits}) YIELD node, score
WHERE any(g IN node.markings WHERE g IN $grants)
  AND (size($types) = 0 OR any(label IN labels(node) WHERE label IN $types))
WITH node, score
ORDER BY score DESC, node.id
WITH collect(node) AS hits
RETURN size(hits) AS total,
       [n IN hits[$skip..$skip + $first] | {id: n.id, labels: labels(n), props: properties(n)}] AS page
