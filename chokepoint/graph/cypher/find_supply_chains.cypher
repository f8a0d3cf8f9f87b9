// Precursor supplier -> ... -> US distribution cell chains over SUPPLIES, with each hop's evidence.
MATCH path = (supplier:Organization)-[:SUPPLIES*1..6]->(cell:Organization)
WHERE 'precursor_supplier' IN supplier.kinds AND 'distribution_cell' IN cell.kinds
RETURN [n IN nodes(path) | n.name] AS names,
       [r IN relationships(path) | {agency: r.agency, dataset: r.sourceDataset, record: r.sourceRecordId}] AS hops
ORDER BY size(names), names
LIMIT $limit
