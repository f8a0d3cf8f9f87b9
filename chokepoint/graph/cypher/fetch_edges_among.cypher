// A page of the relationships among the selected nodes, for export, as one list: those leaving the
// page's nodes ($page, element ids) whose target is selected too ($members, element ids: Cypher keeps
// a large list parameter as a set for IN, and an element id needs no property read, several times
// cheaper than comparing the target's id property). Each: [type, source id, target id, values, shared
// record marking, file key (both as in fetch_nodes_by_id)], the
// values those of the properties the schema declares for the type, in the order $plain[type] +
// $temporal[type] name them, null where absent; dates and date-times as ISO text. (An export names a
// relationship by its ends, type and identity values, never by its element id.)
// Each relationship's properties are read once, as a map (reading them one key at a time cost more).
UNWIND $page AS source
MATCH (a) WHERE elementId(a) = source
WITH a, a.id AS sourceId
MATCH (a)-[r]->(b)
WHERE elementId(b) IN $members
WITH sourceId, b.id AS targetId, type(r) AS type, properties(r) AS p
RETURN collect([type, sourceId, targetId,
                [k IN coalesce($plain[type], []) | p[k]]
                + [k IN coalesce($temporal[type], []) | toString(p[k])],
                p.sourceRecordsMarking, p.sourceFile]) AS edges
