// name: designation_candidates
// description: Unsanctioned persons and organisations closely linked to parties actively designated under drug programmes - candidates for designation.
// param: programs string[] = ["SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059"] -- programmes that count
// param: minLinks integer = 1 -- fewest distinct designated parties a candidate must be linked to
// param: limit integer = 50 -- rows to return
// Only designations, parties and links the viewer may see ($grants) count, and a candidate is
// unsanctioned when no visible active designation names it. A designation's status and programmes
// are those the viewer's records give (VISIBLE VALUE: stored when the viewer holds every grant of it,
// else the latest write of its records in the value log). Parties and links come as
// {id, labels, props} / {type, startId, endId, props} maps (the links' props name their sources).
MATCH (designation:Designation)<-[sanction:SANCTIONED_BY]-(designated)
WHERE (CASE WHEN all(g IN designation.markings WHERE g IN $grants) THEN designation.status
            ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(designation.valueStatements, []) | split(stmt, '\u001e')]
                      | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                             THEN [stmt[4], stmt[2]] ELSE acc END)[0] END) = 'active'
  AND any(code IN CASE WHEN all(g IN designation.markings WHERE g IN $grants) THEN designation.programs
                      ELSE reduce(acc = [null, '', []], stmt IN [stmt IN coalesce(designation.valueStatements, []) | split(stmt, '\u001e')]
                             | CASE WHEN NOT (stmt[0] IN $grants AND stmt[3] = 'programs') THEN acc
                                    WHEN acc[0] = stmt[0] + stmt[1] THEN [acc[0], acc[1], acc[2] + stmt[4]]  // the same write's next item
                                    WHEN stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1] THEN [stmt[0] + stmt[1], stmt[2], [stmt[4]]]
                                    ELSE acc END)[2] END
          WHERE code IN $programs)
  AND any(g IN designation.markings WHERE g IN $grants)
  AND any(g IN sanction.markings WHERE g IN $grants)
  AND any(g IN designated.markings WHERE g IN $grants)
MATCH (designated)-[link:ASSOCIATE_OF|FAMILY_OF|ACTING_FOR|SUPPORTS|MEMBER_OF|LEADER_OF|OWNED_OR_CONTROLLED_BY|LINKED_TO|SUPPLIES|LAUNDERS_FOR]-(candidate)
WHERE (candidate:Person OR candidate:Organization)
  AND any(g IN link.markings WHERE g IN $grants)
  AND any(g IN candidate.markings WHERE g IN $grants)
  AND NOT EXISTS {
    MATCH (candidate)-[own:SANCTIONED_BY]->(active:Designation)
    WHERE any(g IN own.markings WHERE g IN $grants) AND any(g IN active.markings WHERE g IN $grants)
      AND (CASE WHEN all(g IN active.markings WHERE g IN $grants) THEN active.status
                ELSE reduce(acc = [null, ''], stmt IN [stmt IN coalesce(active.valueStatements, []) | split(stmt, '\u001e')]
                          | CASE WHEN stmt[0] IN $grants AND stmt[3] = 'status' AND (stmt[2] = '' OR acc[1] = '' OR stmt[2] >= acc[1])
                                 THEN [stmt[4], stmt[2]] ELSE acc END)[0] END) = 'active'
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
