// The write count (count_graph_write.cypher): one GraphState node per key. Outside the domain model.
CREATE CONSTRAINT graph_state_key IF NOT EXISTS FOR (s:GraphState) REQUIRE s.key IS UNIQUE
