// name: shared_parties_between_cartels
// description: People, companies, wallets, phones and addresses linked to both of two cartels (default Sinaloa and CJNG), with the distance to each.
// param: firstCartel string = "ofac:11440" -- id of the first cartel (Sinaloa Cartel)
// param: secondCartel string = "ofac:17671" -- id of the second cartel (CJNG)
// param: maxHops integer = 2 -- furthest a shared party may be from each cartel (at most 3)
// param: limit integer = 50 -- rows to return
// Only links and nodes the viewer may see ($grants) connect a party to a cartel (checked at each
// step of the quantified path patterns); each shared party comes as an {id, labels, props} map.
// Each cartel's surroundings are walked once, outwards from it: the second's first (every node
// within maxHops of it, with its least distance), then the first's, keeping the nodes both reach;
// not once per candidate party back towards the second cartel.
MATCH (first:Organization {id: $firstCartel}), (second:Organization {id: $secondCartel})
WHERE any(g IN first.markings WHERE g IN $grants) AND any(g IN second.markings WHERE g IN $grants)
CALL {
  WITH second
  MATCH toSecond = (second)(()-[s]-(n)
          WHERE any(g IN s.markings WHERE g IN $grants) AND any(g IN n.markings WHERE g IN $grants)){1,3}(near)
  WHERE length(toSecond) <= $maxHops AND any(g IN near.markings WHERE g IN $grants)
  WITH near, min(length(toSecond)) AS hops
  RETURN collect(near) AS nearSecond, collect(hops) AS hopsFromSecond
}
MATCH toFirst = (first)(()-[r]-(m)
        WHERE any(g IN r.markings WHERE g IN $grants) AND any(g IN m.markings WHERE g IN $grants)){1,3}(shared)
WHERE length(toFirst) <= $maxHops AND shared <> second AND shared IN nearSecond
  AND (shared:Person OR shared:Organization OR shared:CryptoAddress OR shared:Phone OR shared:VendorAccount
       OR shared:IdentityDocument OR shared:Shipment
       OR (shared:Location AND (CASE WHEN all(g IN shared.markings WHERE g IN $grants) THEN shared.kind
                                     ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(shared.valueStatements, []) | split(stmt, '\u001e')]
                                               | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'kind' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                                      THEN [stmt[4], stmt[2]] ELSE acc END)[0] END) = 'address'))
  AND any(g IN shared.markings WHERE g IN $grants)
WITH nearSecond, hopsFromSecond, shared, min(length(toFirst)) AS hopsToFirst
WITH shared, hopsToFirst, [i IN range(0, size(nearSecond) - 1) WHERE nearSecond[i] = shared | hopsFromSecond[i]][0] AS hopsToSecond
RETURN labels(shared) AS labels, shared.id AS id,
       {id: shared.id, labels: labels(shared), props: properties(shared)} AS shared, hopsToFirst, hopsToSecond
ORDER BY hopsToFirst + hopsToSecond, id
LIMIT $limit
