// Alerts by the time they fired, for every agency at once: what the live feed polls.
CREATE INDEX alert_at IF NOT EXISTS FOR (a:Alert) ON (a.at)
