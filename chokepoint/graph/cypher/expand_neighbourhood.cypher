// One breadth-first step: the ids of every node next to the frontier.
UNWIND $frontier AS id
MATCH (:Entity {id: id})--(next:Entity)
RETURN DISTINCT next.id AS id
