// name: designation_candidates
// description: Unsanctioned persons and organisations closely linked to parties actively designated under drug programmes - candidates for designation.
// param: programs string[] = ["SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059"] -- programmes that count
// param: minLinks integer = 1 -- fewest distinct designated parties a candidate must be linked to
// param: limit integer = 50 -- rows to return
// Only designations, parties and links the viewer may see ($grants) count, and a candidate is
// unsanctioned when no visible active designation names it. Parties and links come as
// {id, labels, props} / {type, startId, endId, props} maps (the links' props name their sources).
MATCH (designation:Designation)<-[sanction:SANCTIONED_BY]-(designated)
WHERE designation.status = 'active' AND any(code IN designation.programs WHERE code IN $programs)
  AND any(g IN designation.markings WHERE g IN $grants)
  AND any(g IN sanction.markings WHERE g IN $grants)
  AND any(g IN designated.markings WHERE g IN $grants)
MATCH (designated)-[link:ASSOCIATE_OF|FAMILY_OF|ACTING_FOR|SUPPORTS|MEMBER_OF|LEADER_OF|OWNED_OR_CONTROLLED_BY|LINKED_TO|SUPPLIES|LAUNDERS_FOR]-(candidate)
WHERE (candidate:Person OR candidate:Organization)
  AND any(g IN link.markings WHERE g IN $grants)
  AND any(g IN candidate.markings WHERE g IN $grants)
  AND NOT EXISTS {
    MATCH (candidate)-[own:SANCTIONED_BY]->(active:Designation {status: 'active'})
    WHERE any(g IN own.markings WHERE g IN $grants) AND any(g IN active.markings WHERE g IN $grants)
  }
WITH DISTINCT candidate, designated, link
ORDER BY designated.id, type(link), startNode(link).id
WITH candidate, collect(DISTINCT designated) AS linked, collect(link) AS links
WHERE size(linked) >= $minLinks
RETURN candidate.id AS id, {id: candidate.id, labels: labels(candidate), props: properties(candidate)} AS candidate,
       labels(candidate) AS labels, size(linked) AS designatedLinks,
       [d IN linked[..5] | {id: d.id, labels: labels(d), props: properties(d)}] AS linkedTo,
       COLLECT { UNWIND links AS l WITH DISTINCT type(l) AS via ORDER BY via RETURN via } AS via,
       [l IN links | {type: type(l), startId: startNode(l).id, endId: endNode(l).id, props: properties(l)}] AS links
ORDER BY designatedLinks DESC, id
LIMIT $limit
