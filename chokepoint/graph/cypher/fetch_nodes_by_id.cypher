// A page of nodes for export, by global id, as one list (a row per node costs the driver a message
// each): [id, type label, values, the one marking its records share (sourceRecordsMarking, internal:
// the export lists it per record, chokepoint/markings.py), the key of its file (sourceFile: the
// export shows the file's hash, chokepoint/graph/source_files.py)]. The values are those of the properties the schema declares for the
// label, in the order $plain[label] + $temporal[label] name them, null where absent: property names
// sent with every node had cost more to decode than the values. Dates and date-times ($temporal) come
// as ISO text: hydrating driver temporal types is the slowest part of an export.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS label, properties(n) AS p
RETURN collect([id, label,
                [k IN coalesce($plain[label], []) | p[k]]
                + [k IN coalesce($temporal[label], []) | toString(p[k])],
                p.sourceRecordsMarking, p.sourceFile]) AS nodes
