// The active watches of $agency, newest first: the total and one page.
MATCH (w:Watch)
  WHERE w.agency = $agency AND w.removedAt IS NULL
WITH w ORDER BY w.createdAt DESC, w.id
WITH collect(w {.*}) AS every
RETURN size(every) AS total, every[$offset..$offset + $limit] AS page
