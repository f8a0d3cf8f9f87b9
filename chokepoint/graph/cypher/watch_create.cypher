// A new watch ($watch: its properties), unless its agency already has $limit active watches: then
// no row. Outside the domain model: no Entity label, no markings; only its agency reads it.
OPTIONAL MATCH (other:Watch {agency: $watch.agency})
  WHERE other.removedAt IS NULL
WITH count(other) AS active
WHERE active < $limit
CREATE (w:Watch)
SET w = $watch
RETURN w {.*} AS watch
