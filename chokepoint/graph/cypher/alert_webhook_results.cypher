// Webhooks: the outcome of one attempt per alert ($results: id, deliveredAt, nextAt, gaveUpAt, error).
UNWIND $results AS r
MATCH (x:Alert {id: r.id})
SET x.webhookAttempts = coalesce(x.webhookAttempts, 0) + 1,
    x.webhookDeliveredAt = r.deliveredAt,
    x.webhookNextAt = r.nextAt,
    x.webhookGaveUpAt = r.gaveUpAt,
    x.webhookError = r.error
