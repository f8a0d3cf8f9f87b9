// Whether every end is a floor-0 node of its side: each of $sources a supplier and each of $sinks a
// cell under some record (chain floors guide a search only between such ends; the ends are visible
// ones). Nothing of the floors is returned.
RETURN COUNT { MATCH (n:Entity) WHERE n.id IN $sources AND n.supplierFloor = 0
                 AND any(g IN n.markings WHERE g IN $grants) } = size($sources)
   AND COUNT { MATCH (n:Entity) WHERE n.id IN $sinks AND n.cellFloor = 0
                 AND any(g IN n.markings WHERE g IN $grants) } = size($sinks) AS guided
