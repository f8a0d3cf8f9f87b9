// API start-up, development mode only: every grant present in the database (each element's
// markings), the grants of the viewer used when no authentication is configured. (Runs for no
// viewer, hence no $grants; a full scan, so never per request.)
CALL () {
  MATCH (n:Entity) UNWIND n.markings AS grant RETURN DISTINCT grant
  UNION
  MATCH ()-[r]->() UNWIND r.markings AS grant RETURN DISTINCT grant
}
RETURN collect(grant) AS grants
