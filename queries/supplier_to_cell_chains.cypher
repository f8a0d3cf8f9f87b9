// name: supplier_to_cell_chains
// description: Precursor suppliers to US distribution cells over SUPPLIES links, hop by hop, with the agency, dataset, record and caveat behind each hop.
// param: maxHops integer = 6 -- longest chain to follow (at most 8)
// param: limit integer = 25 -- chains to return
// Every node and link of a chain is one the viewer may see ($grants). The chain comes as nodes
// ({id, labels, props}) and links ({type, startId, endId, props}, whose props name the agency,
// dataset, record and caveat behind the hop) in order.
MATCH path = (supplier:Organization)-[:SUPPLIES*1..8]->(cell:Organization)
WHERE (CASE WHEN supplier.valueStatements IS NULL OR all(g IN supplier.markings WHERE g IN $grants) THEN 'precursor_supplier' IN supplier.kinds
       ELSE any(st IN supplier.valueStatements WHERE st ENDS WITH '\u001ekinds\u001eprecursor_supplier' AND split(st, '\u001e')[0] IN $grants) END) AND (CASE WHEN cell.valueStatements IS NULL OR all(g IN cell.markings WHERE g IN $grants) THEN 'distribution_cell' IN cell.kinds
       ELSE any(st IN cell.valueStatements WHERE st ENDS WITH '\u001ekinds\u001edistribution_cell' AND split(st, '\u001e')[0] IN $grants) END)
  AND length(path) <= $maxHops
  AND any(g IN supplier.markings WHERE g IN $grants) AND any(g IN cell.markings WHERE g IN $grants)
  AND all(r IN relationships(path) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(path) WHERE any(g IN n.markings WHERE g IN $grants))
RETURN {id: supplier.id, labels: labels(supplier), props: properties(supplier)} AS supplier,
       {id: cell.id, labels: labels(cell), props: properties(cell)} AS cell, length(path) AS hops,
       [n IN nodes(path) | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [n IN nodes(path) | n.id] AS ids,
       [r IN relationships(path) | {type: type(r), startId: startNode(r).id, endId: endNode(r).id,
                                    props: properties(r)}] AS links
ORDER BY hops, supplier.id, cell.id, ids
LIMIT $limit
