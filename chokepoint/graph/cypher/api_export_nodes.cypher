// A page of nodes for one viewer's export, by global id, as one list: [id, type label, values, shared
// record marking, file key, value log], the values as in fetch_nodes_by_id (the schema's properties in $plain + $temporal order,
// dates as ISO text), the value log (internal, never exported) so that a node the viewer sees in
// part is shown with the values its visible records alone would give (exports/view.py); null for a
// node seen whole, whose stored values are its viewer's (most of a chart: not sent for nothing).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE any(g IN n.markings WHERE g IN $grants)
WITH n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS label, properties(n) AS p
RETURN collect([id, label,
                [k IN coalesce($plain[label], []) | p[k]]
                + [k IN coalesce($temporal[label], []) | toString(p[k])],
                p.sourceRecordsMarking, p.sourceFile,
                CASE WHEN all(g IN p.markings WHERE g IN $grants) THEN null ELSE p.valueStatements END]) AS nodes
