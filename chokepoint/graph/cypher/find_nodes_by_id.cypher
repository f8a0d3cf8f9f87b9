// Which of $ids name a node, and each one's element id (exports match relationships by element id).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN collect(n.id) AS ids, collect(elementId(n)) AS elementIds
