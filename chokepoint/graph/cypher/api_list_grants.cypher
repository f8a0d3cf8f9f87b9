// API start-up, development mode only: every "AGENCY|CAVEAT" pair present in the database, the
// grants of the viewer used when no authentication is configured. (Runs for no viewer, hence no
// $grants; a full scan, so never per request.)
CALL () {
  MATCH (n:Entity) RETURN DISTINCT n.agency AS agency, n.caveat AS caveat
  UNION
  MATCH ()-[r]->() RETURN DISTINCT r.agency AS agency, r.caveat AS caveat
}
WITH agency, caveat
WHERE agency IS NOT NULL AND caveat IS NOT NULL
RETURN collect(DISTINCT agency + '|' + caveat) AS grants
