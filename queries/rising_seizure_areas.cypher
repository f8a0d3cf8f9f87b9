// name: rising_seizure_areas
// description: CBP areas where seizures of a drug (default fentanyl) rose between two fiscal years, beside the shipments that arrived through ports in those areas.
// param: drugType string = "Fentanyl" -- CBP drug type
// param: fromYear integer = 2022 -- earlier fiscal year
// param: toYear integer = 2024 -- later fiscal year
// param: limit integer = 25 -- rows to return
// Only statistics, areas, ports and shipments the viewer may see ($grants) are summed or counted;
// areas and ports come as {id, labels, props} maps.
MATCH (stat:SeizureStatistic)-[counted:COUNTED_IN]->(area:Location)
WHERE any(g IN stat.markings WHERE g IN $grants)
  AND any(g IN counted.markings WHERE g IN $grants)
  AND any(g IN area.markings WHERE g IN $grants)
// a statistic's values as the viewer's records give them (VISIBLE VALUE: stored when the viewer holds
// every grant of it, else the latest value its records wrote in the value log)
WITH area, CASE WHEN all(g IN stat.markings WHERE g IN $grants) THEN stat.drugType
          ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(stat.valueStatements, []) | split(stmt, '\u001e')]
                    | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'drugType' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                           THEN [stmt[4], stmt[2]] ELSE acc END)[0] END AS drugType,
     CASE WHEN all(g IN stat.markings WHERE g IN $grants) THEN stat.fiscalYear
          ELSE toInteger(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(stat.valueStatements, []) | split(stmt, '\u001e')]
                    | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'fiscalYear' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                           THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END AS fiscalYear,
     CASE WHEN all(g IN stat.markings WHERE g IN $grants) THEN stat.quantityLbs
          ELSE toFloat(reduce(acc = [null, ''], stmt IN [stmt IN coalesce(stat.valueStatements, []) | split(stmt, '\u001e')]
                    | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'quantityLbs' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                           THEN [stmt[4], stmt[2]] ELSE acc END)[0]) END AS lbs
WHERE drugType = $drugType
WITH area,
     sum(CASE WHEN fiscalYear = $fromYear THEN lbs ELSE 0.0 END) AS before,
     sum(CASE WHEN fiscalYear = $toYear THEN lbs ELSE 0.0 END) AS after
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
