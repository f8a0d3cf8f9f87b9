// Keeps the grants present in the graph (api_list_grants) with the write count read before they were
// listed: a write after that moves the count, and the list is read again.
MERGE (c:GraphState {key: 'grants'})
SET c.grants = $grants, c.writes = $writes
