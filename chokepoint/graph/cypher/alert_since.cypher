// The live feed (chokepoint/alerts/feed.py): alerts stored at or after $from, of every agency, less
// those already handed out ($handed), oldest first, at most $limit. Each subscriber receives those of
// its agency whose every needed grant it holds; the feed filters per subscriber, so this one read
// serves them all.
MATCH (x:Alert)
  WHERE x.at >= $from AND NOT x.id IN $handed
WITH x ORDER BY x.at, x.id
LIMIT $limit
RETURN x {.*} AS alert
