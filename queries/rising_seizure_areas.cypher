// name: rising_seizure_areas
// description: CBP areas where seizures of a drug (default fentanyl) rose between two fiscal years, beside the shipments that arrived through ports in those areas.
// param: drugType string = "Fentanyl" -- CBP drug type
// param: fromYear integer = 2022 -- earlier fiscal year
// param: toYear integer = 2024 -- later fiscal year
// param: limit integer = 25 -- rows to return
MATCH (stat:SeizureStatistic {drugType: $drugType})-[:COUNTED_IN]->(area:Location)
WITH area,
     sum(CASE WHEN stat.fiscalYear = $fromYear THEN stat.quantityLbs ELSE 0.0 END) AS before,
     sum(CASE WHEN stat.fiscalYear = $toYear THEN stat.quantityLbs ELSE 0.0 END) AS after
WHERE after > before
OPTIONAL MATCH (area)<-[:LOCATED_IN]-(port:Port)<-[:ARRIVED_AT]-(shipment:Shipment)
RETURN area.name AS area, area.kind AS kind, area.region AS region, round(before, 1) AS lbsBefore,
       round(after, 1) AS lbsAfter, round(after - before, 1) AS increase,
       count(DISTINCT shipment) AS shipmentsThroughArea, collect(DISTINCT port.name) AS ports
ORDER BY increase DESC
LIMIT $limit
