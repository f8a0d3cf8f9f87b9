// name: rising_seizure_areas
// description: CBP areas where seizures of a drug (default fentanyl) rose between two fiscal years, beside the shipments that arrived through ports in those areas.
// param: drugType string = "Fentanyl" -- CBP drug type
// param: fromYear integer = 2022 -- earlier fiscal year
// param: toYear integer = 2024 -- later fiscal year
// param: limit integer = 25 -- rows to return
// Only statistics, areas, ports and shipments the viewer may see ($grants) are summed or counted;
// areas and ports come as {id, labels, props} maps.
MATCH (stat:SeizureStatistic {drugType: $drugType})-[counted:COUNTED_IN]->(area:Location)
WHERE any(g IN stat.markings WHERE g IN $grants)
  AND any(g IN counted.markings WHERE g IN $grants)
  AND any(g IN area.markings WHERE g IN $grants)
WITH area,
     sum(CASE WHEN stat.fiscalYear = $fromYear THEN stat.quantityLbs ELSE 0.0 END) AS before,
     sum(CASE WHEN stat.fiscalYear = $toYear THEN stat.quantityLbs ELSE 0.0 END) AS after
WHERE after > before
OPTIONAL MATCH (area)<-[within:LOCATED_IN]-(port:Port)<-[arrival:ARRIVED_AT]-(shipment:Shipment)
WHERE any(g IN within.markings WHERE g IN $grants)
  AND any(g IN port.markings WHERE g IN $grants)
  AND any(g IN arrival.markings WHERE g IN $grants)
  AND any(g IN shipment.markings WHERE g IN $grants)
WITH area, before, after, port, shipment
ORDER BY port.id
RETURN area.id AS id, {id: area.id, labels: labels(area), props: properties(area)} AS area,
       round(before, 1) AS lbsBefore, round(after, 1) AS lbsAfter, round(after - before, 1) AS increase,
       count(DISTINCT shipment) AS shipmentsThroughArea,
       collect(DISTINCT {id: port.id, labels: labels(port), props: properties(port)}) AS ports
ORDER BY increase DESC, id
LIMIT $limit
