// A page of the relationships among the selected nodes, for export, as one list: those leaving the
// page's nodes ($page, element ids) whose target is selected too ($members, element ids: Cypher keeps
// a large list parameter as a set for IN, and an element id needs no property read, several times
// cheaper than comparing the target's id property). Each: [element id, type, source id, target id,
// property keys, their values in the same order], properties named in $temporal as ISO text.
UNWIND $page AS source
MATCH (a) WHERE elementId(a) = source
MATCH (a)-[r]->(b)
WHERE elementId(b) IN $members
WITH a, r, b, keys(r) AS keys
RETURN collect([elementId(r), type(r), a.id, b.id, keys,
                [k IN keys | CASE WHEN k IN $temporal THEN toString(r[k]) ELSE r[k] END]]) AS edges
