// Webhooks (chokepoint/alerts/webhooks.py): alerts of $agencies not yet delivered nor given up, whose
// next attempt is due by $now, oldest first, at most $limit.
MATCH (x:Alert)
  WHERE x.agency IN $agencies AND x.webhookDeliveredAt IS NULL AND x.webhookGaveUpAt IS NULL
    AND coalesce(x.webhookNextAt, x.at) <= $now
WITH x ORDER BY x.at, x.id
LIMIT $limit
RETURN x {.*} AS alert
