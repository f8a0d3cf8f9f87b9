// Watches: the SAME_AS decisions made since $since that involve each watched party ($watches: id,
// subject, grants), where the watch's grants see the party, the link and the other node.
UNWIND $watches AS w
MATCH (s:Entity {id: w.subject})-[r:SAME_AS]-(o:Entity)
  WHERE r.decidedAt >= $since
    AND any(g IN s.markings WHERE g IN w.grants)
    AND any(g IN r.markings WHERE g IN w.grants)
    AND any(g IN o.markings WHERE g IN w.grants)
RETURN w.id AS watch, r.decisionId AS decision, r.rule AS rule, r.score AS score,
       startNode(r).id AS startId, endNode(r).id AS endId, o.id AS other, labels(o) AS otherLabels,
       s.markings AS subjectMarkings, r.markings AS markings, o.markings AS otherMarkings
