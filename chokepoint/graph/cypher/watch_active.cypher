// Every active watch of every agency: what an ingest's new assertions are evaluated against.
MATCH (w:Watch)
  WHERE w.removedAt IS NULL
RETURN w {.*} AS watch
