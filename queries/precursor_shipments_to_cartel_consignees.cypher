// name: precursor_shipments_to_cartel_consignees
// description: Shipments carrying precursor chemicals (declared or found) to consignees or notify parties within two links of a cartel.
// param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- ids of the cartels
// param: limit integer = 50 -- rows to return
// Only elements the viewer may see ($grants) are matched. Shipments, chemicals, shippers and
// receivers come as {id, labels, props} maps, the content link as {type, startId, endId, props}
// (whose props give declared and quantityKg, and the shipment's the agency and record).
MATCH (cartel:Organization)
WHERE cartel.id IN $cartelIds AND any(g IN cartel.markings WHERE g IN $grants)
MATCH (shipment:Shipment)-[content:CONTAINED]->(chemical:Substance)
WHERE (CASE WHEN all(g IN chemical.markings WHERE g IN $grants) THEN chemical.category
           ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(chemical.valueStatements, []) | split(stmt, '\u001e')]
                     | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'category' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                            THEN [stmt[4], stmt[2]] ELSE acc END)[0] END) IN ['precursor', 'pre_precursor']
  AND any(g IN shipment.markings WHERE g IN $grants)
  AND any(g IN content.markings WHERE g IN $grants)
  AND any(g IN chemical.markings WHERE g IN $grants)
MATCH (shipment)-[receipt:CONSIGNED_TO|NOTIFIES]->(receiver)
WHERE any(g IN receipt.markings WHERE g IN $grants) AND any(g IN receiver.markings WHERE g IN $grants)
MATCH link = (receiver)-[:SUPPLIES|MEMBER_OF|ACTING_FOR|OWNED_OR_CONTROLLED_BY|LINKED_TO|ASSOCIATE_OF|LAUNDERS_FOR*0..2]-(cartel)
WHERE all(r IN relationships(link) WHERE any(g IN r.markings WHERE g IN $grants))
  AND all(n IN nodes(link) WHERE any(g IN n.markings WHERE g IN $grants))
WITH shipment, content, chemical, receiver, cartel, min(length(link)) AS hopsToCartel
RETURN {id: shipment.id, labels: labels(shipment), props: properties(shipment)} AS shipment,
       {id: chemical.id, labels: labels(chemical), props: properties(chemical)} AS chemical,
       {type: type(content), startId: shipment.id, endId: chemical.id, props: properties(content)} AS content,
       COLLECT {
         MATCH (shipper)-[shipped:SHIPPED]->(shipment)
         WHERE any(g IN shipper.markings WHERE g IN $grants) AND any(g IN shipped.markings WHERE g IN $grants)
         WITH DISTINCT shipper ORDER BY shipper.id
         RETURN {id: shipper.id, labels: labels(shipper), props: properties(shipper)}
       } AS shippers,
       {id: receiver.id, labels: labels(receiver), props: properties(receiver)} AS receiver,
       cartel.id AS cartel, hopsToCartel, [shipment.id, chemical.id, receiver.id, cartel.id] AS ids
ORDER BY hopsToCartel, ids, content.props.declared
LIMIT $limit
