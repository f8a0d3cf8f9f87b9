// Which of $ids name a node the viewer may see, and each one's element id: a partner's export starts
// only from seeds it may see (one it may not is "not found", like an id no node has).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE any(g IN n.markings WHERE g IN $grants)
RETURN collect(n.id) AS ids, collect(elementId(n)) AS elementIds
