// End the watch $id of $agency (another agency's id, or one already ended, matches nothing). The node
// stays so its alerts still name it.
MATCH (w:Watch {id: $id})
  WHERE w.agency = $agency AND w.removedAt IS NULL
SET w.removedAt = $now
RETURN w {.*} AS watch
