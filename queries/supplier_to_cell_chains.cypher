// name: supplier_to_cell_chains
// description: Precursor suppliers to US distribution cells over SUPPLIES links, hop by hop, with the agency, dataset, record and caveat behind each hop.
// param: maxHops integer = 6 -- longest chain to follow (at most 8)
// param: limit integer = 25 -- chains to return
MATCH path = (supplier:Organization)-[:SUPPLIES*1..8]->(cell:Organization)
WHERE 'precursor_supplier' IN supplier.kinds AND 'distribution_cell' IN cell.kinds
  AND length(path) <= $maxHops
RETURN supplier.name AS supplier, cell.name AS cell, length(path) AS hops,
       [n IN nodes(path) | n.name] AS chain, [n IN nodes(path) | n.id] AS ids,
       [r IN relationships(path) | {type: type(r), agency: r.agency, dataset: r.sourceDataset,
                                    record: r.sourceRecordId, caveat: r.caveat}] AS evidence
ORDER BY hops, supplier, cell
LIMIT $limit
