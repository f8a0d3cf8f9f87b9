// An owner's elements on which other agencies have been active, most recent first: per element, each
// agency's last touch, touches and notices; with the element itself when it is an entity the owner
// sees ($grants: the owner's).
MATCH (n:DeconflictionNotice {owner: $owner})
WITH n.element AS element, n.agency AS agency,
     max(n.lastAt) AS lastAt, sum(n.touches) AS touches, count(n) AS notices
WITH element, max(lastAt) AS lastAt,
     collect({agency: agency, lastAt: lastAt, touches: touches, notices: notices}) AS agencies
ORDER BY lastAt DESC, element
WITH collect({element: element, lastAt: lastAt, agencies: agencies}) AS items
UNWIND CASE WHEN size(items) = 0 THEN [null] ELSE items[$offset..$offset + $limit] END AS item
OPTIONAL MATCH (e:Entity {id: item.element})
  WHERE any(g IN e.markings WHERE g IN $grants)
RETURN size(items) AS total, item,
       CASE WHEN e IS NULL THEN null ELSE {id: e.id, labels: labels(e), props: properties(e)} END AS entity
