// name: precursor_shipments_to_cartel_consignees
// description: Shipments carrying precursor chemicals (declared or found) to consignees or notify parties within two links of a cartel.
// param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- ids of the cartels
// param: limit integer = 50 -- rows to return
MATCH (cartel:Organization) WHERE cartel.id IN $cartelIds
MATCH (shipment:Shipment)-[content:CONTAINED]->(chemical:Substance)
WHERE chemical.category IN ['precursor', 'pre_precursor']
MATCH (shipment)-[:CONSIGNED_TO|NOTIFIES]->(receiver)
MATCH link = (receiver)-[:SUPPLIES|MEMBER_OF|ACTING_FOR|OWNED_OR_CONTROLLED_BY|LINKED_TO|ASSOCIATE_OF|LAUNDERS_FOR*0..2]-(cartel)
OPTIONAL MATCH (shipper)-[:SHIPPED]->(shipment)
RETURN shipment.billOfLading AS billOfLading, shipment.declaredDescription AS declaredAs,
       chemical.name AS chemical, content.declared AS declared, content.quantityKg AS quantityKg,
       shipper.name AS shipper, receiver.name AS receiver, cartel.name AS cartel,
       min(length(link)) AS hopsToCartel, shipment.agency AS agency, shipment.sourceRecordId AS record
ORDER BY hopsToCartel, billOfLading
LIMIT $limit
