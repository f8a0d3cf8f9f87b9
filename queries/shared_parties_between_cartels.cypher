// name: shared_parties_between_cartels
// description: People, companies, wallets, phones and addresses linked to both of two cartels (default Sinaloa and CJNG), with the distance to each.
// param: firstCartel string = "ofac:11440" -- id of the first cartel (Sinaloa Cartel)
// param: secondCartel string = "ofac:17671" -- id of the second cartel (CJNG)
// param: maxHops integer = 2 -- furthest a shared party may be from each cartel (at most 3)
// param: limit integer = 50 -- rows to return
MATCH (first:Organization {id: $firstCartel}), (second:Organization {id: $secondCartel})
MATCH toFirst = (first)-[*1..3]-(shared)
WHERE length(toFirst) <= $maxHops AND shared <> second
  AND (shared:Person OR shared:Organization OR shared:CryptoAddress OR shared:Phone OR shared:VendorAccount
       OR shared:IdentityDocument OR shared:Shipment OR (shared:Location AND shared.kind = 'address'))
WITH first, second, shared, min(length(toFirst)) AS hopsToFirst
MATCH toSecond = (second)-[*1..3]-(shared)
WHERE length(toSecond) <= $maxHops
WITH shared, hopsToFirst, min(length(toSecond)) AS hopsToSecond
RETURN labels(shared) AS labels, shared.id AS id, coalesce(shared.name, shared.address, shared.number) AS name,
       hopsToFirst, hopsToSecond
ORDER BY hopsToFirst + hopsToSecond, name
LIMIT $limit
