// Watches: the markings of watched entities ($ids) a pointer alert would name (absent ids: no row).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.markings AS markings
