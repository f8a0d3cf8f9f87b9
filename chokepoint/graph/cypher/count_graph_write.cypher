// Every domain write (chokepoint/graph/adapter.py: Graph.write) counts itself, in its own
// transaction, on the one GraphState node: derived data stamped with the count it was built at
// (the exposure floors) is out of date as soon as the count moves.
MERGE (s:GraphState {key: 'writes'})
SET s.writes = coalesce(s.writes, 0) + 1
