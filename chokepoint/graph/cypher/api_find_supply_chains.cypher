// API supplyChains: the shortest chain from each supplier to each cell (at most $maxHops, at most 12
// hops) over $relTypes, walked in either direction, every node and relationship on it visible to the
// viewer; shortest first, then by supplier and cell id; the page [$skip, $skip + $first) and the
// total. $suppliers / $cells = [] means every precursor supplier / every distribution cell.
CALL () {
  UNWIND $suppliers AS supplierId
  MATCH (s:Entity {id: supplierId})
  WHERE (s.caveat = 'PUBLIC' OR (s.agency + '|' + s.caveat) IN $grants)
  RETURN s AS supplier
  UNION
  MATCH (s:Organization)
  WHERE size($suppliers) = 0 AND 'precursor_supplier' IN s.kinds
    AND (s.caveat = 'PUBLIC' OR (s.agency + '|' + s.caveat) IN $grants)
  RETURN s AS supplier
}
CALL () {
  UNWIND $cells AS cellId
  MATCH (c:Entity {id: cellId})
  WHERE (c.caveat = 'PUBLIC' OR (c.agency + '|' + c.caveat) IN $grants)
  RETURN c AS cell
  UNION
  MATCH (c:Organization)
  WHERE size($cells) = 0 AND 'distribution_cell' IN c.kinds
    AND (c.caveat = 'PUBLIC' OR (c.agency + '|' + c.caveat) IN $grants)
  RETURN c AS cell
}
WITH supplier, cell
WHERE supplier <> cell
MATCH p = ANY SHORTEST (supplier)(()-[r]-(m:Entity)
  WHERE type(r) IN $relTypes
    AND (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
    AND (m.caveat = 'PUBLIC' OR (m.agency + '|' + m.caveat) IN $grants)){1,12}(cell)
WHERE length(p) <= $maxHops
WITH supplier, cell, p ORDER BY length(p), supplier.id, cell.id
WITH collect(p) AS found
RETURN size(found) AS total,
       [p IN found[$skip..($skip + $first)] |
         {nodes: [n IN nodes(p) | {id: n.id, labels: labels(n), props: properties(n)}],
          relationships: [x IN relationships(p) | {type: type(x), startId: startNode(x).id,
                                                   endId: endNode(x).id, props: properties(x)}]}] AS page
