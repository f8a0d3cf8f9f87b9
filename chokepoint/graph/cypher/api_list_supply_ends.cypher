// API chokepoints without sources or sinks: the ids of the visible precursor suppliers (when
// $sources is empty) and of the visible distribution cells (when $sinks is empty). A kind counts
// when a record the viewer may see gave it (the value log of a shared element).
CALL () {
  MATCH (s:Organization)
  WHERE size($sources) = 0 AND (CASE WHEN s.valueStatements IS NULL OR all(g IN s.markings WHERE g IN $grants)
          THEN 'precursor_supplier' IN s.kinds
          ELSE any(st IN s.valueStatements WHERE st ENDS WITH '\u001ekinds\u001eprecursor_supplier'
                   AND split(st, '\u001e')[0] IN $grants) END)
    AND any(g IN s.markings WHERE g IN $grants)
  RETURN collect(s.id) AS suppliers
}
CALL () {
  MATCH (c:Organization)
  WHERE size($sinks) = 0 AND (CASE WHEN c.valueStatements IS NULL OR all(g IN c.markings WHERE g IN $grants)
          THEN 'distribution_cell' IN c.kinds
          ELSE any(st IN c.valueStatements WHERE st ENDS WITH '\u001ekinds\u001edistribution_cell'
                   AND split(st, '\u001e')[0] IN $grants) END)
    AND any(g IN c.markings WHERE g IN $grants)
  RETURN collect(c.id) AS cells
}
RETURN suppliers, cells
