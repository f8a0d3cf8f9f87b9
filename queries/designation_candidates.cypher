// name: designation_candidates
// description: Unsanctioned persons and organisations closely linked to parties actively designated under drug programmes - candidates for designation.
// param: programs string[] = ["SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059"] -- programmes that count
// param: minLinks integer = 1 -- fewest distinct designated parties a candidate must be linked to
// param: limit integer = 50 -- rows to return
MATCH (designation:Designation)<-[:SANCTIONED_BY]-(designated)
WHERE designation.status = 'active' AND any(code IN designation.programs WHERE code IN $programs)
MATCH (designated)-[link:ASSOCIATE_OF|FAMILY_OF|ACTING_FOR|SUPPORTS|MEMBER_OF|LEADER_OF|OWNED_OR_CONTROLLED_BY|LINKED_TO|SUPPLIES|LAUNDERS_FOR]-(candidate)
WHERE (candidate:Person OR candidate:Organization)
  AND NOT EXISTS { (candidate)-[:SANCTIONED_BY]->(:Designation {status: 'active'}) }
WITH candidate, count(DISTINCT designated) AS designatedLinks, collect(DISTINCT designated.name)[..5] AS linkedTo,
     collect(DISTINCT type(link)) AS via, collect(DISTINCT link.agency) AS agencies
WHERE designatedLinks >= $minLinks
RETURN candidate.id AS id, candidate.name AS name, labels(candidate) AS labels, designatedLinks, linkedTo, via,
       agencies
ORDER BY designatedLinks DESC, name
LIMIT $limit
