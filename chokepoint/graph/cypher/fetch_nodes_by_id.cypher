// Nodes for export, by global id: the type label and every property as [key, value] pairs.
// Properties named in $temporal come back as ISO text: hydrating driver temporal types is the
// slowest part of an export.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS label,
       [k IN keys(n) | [k, CASE WHEN k IN $temporal THEN toString(n[k]) ELSE n[k] END]] AS pairs
