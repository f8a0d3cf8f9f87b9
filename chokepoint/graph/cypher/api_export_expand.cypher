// One breadth-first step over what the viewer may see: the ids of every visible node next to the
// frontier (itself visible) through a visible link.
UNWIND $frontier AS id
MATCH (:Entity {id: id})-[r]-(next:Entity)
WHERE any(g IN r.markings WHERE g IN $grants) AND any(g IN next.markings WHERE g IN $grants)
RETURN DISTINCT next.id AS id
