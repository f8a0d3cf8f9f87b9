// Alerts (chokepoint/alerts/persistence.py): one per watch and triggering assertion, whatever re-runs.
CREATE CONSTRAINT alert_key IF NOT EXISTS FOR (a:Alert) REQUIRE a.key IS UNIQUE
