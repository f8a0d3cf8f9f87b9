// A page of nodes for export, by global id, as one list (a row per node costs the driver a message
// each): [id, type label, property keys, their values in the same order]. Properties named in
// $temporal come back as ISO text: hydrating driver temporal types is the slowest part of an export.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH n, keys(n) AS keys
RETURN collect([n.id, [label IN labels(n) WHERE label <> 'Entity'][0], keys,
                [k IN keys | CASE WHEN k IN $temporal THEN toString(n[k]) ELSE n[k] END]]) AS nodes
