// The alerts of $agency whose every needed grant the reader holds ($grants), newest first, filtered
// by time, watch and acknowledgement: the total and one page.
MATCH (x:Alert)
  WHERE x.agency = $agency
    AND all(g IN x.requires WHERE g IN $grants)
    AND ($since IS NULL OR x.at >= $since)
    AND ($watch IS NULL OR x.watch = $watch)
    AND (NOT $unacknowledged OR x.acknowledgedAt IS NULL)
WITH x ORDER BY x.at DESC, x.id
WITH collect(x {.*}) AS every
RETURN size(every) AS total, every[$offset..$offset + $limit] AS page
