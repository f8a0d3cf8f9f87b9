// Alerts by the agency they are for, newest first (the API's `alerts`, the subscription's polling).
CREATE INDEX alert_agency_at IF NOT EXISTS FOR (a:Alert) ON (a.agency, a.at)
