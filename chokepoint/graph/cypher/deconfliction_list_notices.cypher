// An owner's notices, latest touch first: which agency touched which of its elements, when, how often.
// Read as the owner only ($owner is the viewer's agency; nothing here depends on $grants).
MATCH (n:DeconflictionNotice {owner: $owner})
WHERE $since IS NULL OR n.lastAt >= $since
WITH n ORDER BY n.lastAt DESC, n.element, n.agency
WITH collect(n) AS notices
RETURN size(notices) AS total,
       [n IN notices[$offset..$offset + $limit] | n {.agency, .element, .firstAt, .lastAt, .touches}] AS page
