// The chain floors' stamp and the graph's write count now: the floors hold (are lower bounds of
// every viewer's distance to a supplier and to a cell) only when built whole at the count there is now.
OPTIONAL MATCH (s:GraphState {key: 'writes'})
OPTIONAL MATCH (f:ChainFloor {key: 'floor'})
RETURN coalesce(s.writes, 0) AS writes, f.writes AS builtAt, coalesce(f.complete, false) AS complete,
       f.types AS types, f.maxHops AS maxHops
