// API chokepoints without sources or sinks: the ids of the visible precursor suppliers (when
// $sources is empty) and of the visible distribution cells (when $sinks is empty).
CALL () {
  MATCH (s:Organization)
  WHERE size($sources) = 0 AND 'precursor_supplier' IN s.kinds
    AND any(g IN s.markings WHERE g IN $grants)
  RETURN collect(s.id) AS suppliers
}
CALL () {
  MATCH (c:Organization)
  WHERE size($sinks) = 0 AND 'distribution_cell' IN c.kinds
    AND any(g IN c.markings WHERE g IN $grants)
  RETURN collect(c.id) AS cells
}
RETURN suppliers, cells
