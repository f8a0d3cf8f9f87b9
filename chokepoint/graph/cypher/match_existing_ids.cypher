// Which of these global ids exist (used to name the endpoints a relationship could not find).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id
