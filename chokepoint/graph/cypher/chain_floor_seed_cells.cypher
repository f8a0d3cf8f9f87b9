// Chain floor 0 (cellFloor): every organisation that is, under some grant's records, a distribution_cell
// (its kinds, or the value log of a shared element): a superset of what any viewer counts as one
// (supply_and_money_chains.cypher, api_find_supply_chains.cypher), so distances from it are lower bounds.
MATCH (t:Organization)
  WHERE 'distribution_cell' IN coalesce(t.kinds, [])
     OR any(st IN coalesce(t.valueStatements, []) WHERE st ENDS WITH '\u001ekinds\u001edistribution_cell')
SET t.cellFloor = 0
RETURN count(t) AS reached
