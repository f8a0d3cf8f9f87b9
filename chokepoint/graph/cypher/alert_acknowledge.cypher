// Acknowledge alerts $ids of $agency that the reader may see ($grants); the ids acknowledged (the
// first acknowledgement's time is kept).
MATCH (x:Alert)
  WHERE x.id IN $ids AND x.agency = $agency AND all(g IN x.requires WHERE g IN $grants)
SET x.acknowledgedAt = coalesce(x.acknowledgedAt, $now)
RETURN x.id AS id
