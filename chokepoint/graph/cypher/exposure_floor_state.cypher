// The exposure floors' stamp and the graph's write count now: the floors hold (are lower bounds of
// every viewer's exposure distance) only when they were built whole at the count there is now.
OPTIONAL MATCH (s:GraphState {key: 'writes'})
OPTIONAL MATCH (f:ExposureFloor {key: 'floor'})
RETURN coalesce(s.writes, 0) AS writes, f.writes AS builtAt, coalesce(f.complete, false) AS complete,
       f.types AS types, f.maxHops AS maxHops
