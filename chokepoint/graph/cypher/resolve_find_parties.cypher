// The given nodes as resolution sees them (to check a split's or an explanation's ids).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id,
       CASE WHEN n:Person THEN 'Person' WHEN n:Organization THEN 'Organization'
            WHEN n:VendorAccount THEN 'VendorAccount' END AS label,
       coalesce(n.name, n.handle) AS name, n.sourceDataset AS dataset, n.agency AS agency,
       n.caveat AS caveat, n.resolvedId AS resolvedId
