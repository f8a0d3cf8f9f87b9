// Alerts by id: what acknowledging and webhook bookkeeping look up.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE
