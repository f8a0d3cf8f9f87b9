// API: full-text search ($lucene is escaped user text), visible hits of the wanted types, from the
// values index ($index) and the value-log index ($logIndex). An element without a value log holds
// exactly the values every viewer of it sees, so its hit stands: those come as [id, score] in order.
// An element with a log comes whole with the score the values index gave it (null when only its log
// matched): the API checks it against the values this viewer sees (api/search.py).
// Visibility and types are checked on each index's stream before $maxHits caps it, in the order of
// the answer (score, then id; never the index's internal order, which follows the order of writing),
// so elements the viewer may not see never take the place of ones it may (nor change totalCount);
// the API caps the merged hits again after its own check.
CALL {
  CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
  WHERE any(g IN node.markings WHERE g IN $grants)
    AND (size($types) = 0 OR any(label IN labels(node) WHERE label IN $types))
  WITH node, score ORDER BY score DESC, node.id LIMIT $maxHits
  RETURN node, score
  UNION
  CALL db.index.fulltext.queryNodes($logIndex, $lucene) YIELD node
  WHERE any(g IN node.markings WHERE g IN $grants)
    AND (size($types) = 0 OR any(label IN labels(node) WHERE label IN $types))
  WITH node ORDER BY node.id LIMIT $maxHits
  RETURN node, null AS score
}
WITH node, max(score) AS score
ORDER BY score DESC, node.id
WITH collect({node: node, score: score}) AS hits
WITH [h IN hits WHERE h.node.valueStatements IS NULL] AS plain,
     [h IN hits WHERE h.node.valueStatements IS NOT NULL] AS layered
WITH plain, layered, CASE WHEN $skip > size(layered) THEN $skip - size(layered) ELSE 0 END AS start
RETURN [h IN plain | [h.node.id, h.score]] AS plain,
       [h IN plain[start..$skip + $first] | {id: h.node.id, labels: labels(h.node), props: properties(h.node)}]
         AS window,
       [h IN layered | {id: h.node.id, labels: labels(h.node), props: properties(h.node), score: h.score}]
         AS layered
