// Watches (chokepoint/alerts/watches.py): one node per watch id. Outside the domain model.
CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (w:Watch) REQUIRE w.id IS UNIQUE
