// Watches by the entity they watch: what an ingest's new assertions are matched against.
CREATE INDEX watch_subject IF NOT EXISTS FOR (w:Watch) ON (w.subject)
