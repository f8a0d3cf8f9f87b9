// The CLI's every-grant view (chokepoint/investigations/grant_catalogue.py): the graph's write count
// now, and the grants last listed with the count they were listed at (a list that holds only while
// the count has not moved).
OPTIONAL MATCH (w:GraphState {key: 'writes'})
OPTIONAL MATCH (c:GraphState {key: 'grants'})
RETURN coalesce(w.writes, 0) AS writes, c.writes AS listedAt, c.grants AS grants
