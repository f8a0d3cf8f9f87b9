// API: visible transfers the address $id sent (SENT) or received (RECEIVED), newest first, one
// page, each with the visible addresses on its other side.
MATCH (a:Entity {id: $id})
WHERE (a.caveat = 'PUBLIC' OR (a.agency + '|' + a.caveat) IN $grants)
WITH COLLECT {
  MATCH (a)-[r:SENT|RECEIVED]-(t:Transfer)
  WHERE ($direction = 'BOTH' OR ($direction = 'OUTGOING' AND type(r) = 'SENT')
         OR ($direction = 'INCOMING' AND type(r) = 'RECEIVED'))
    AND (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
    AND (t.caveat = 'PUBLIC' OR (t.agency + '|' + t.caveat) IN $grants)
  WITH DISTINCT t, type(r) = 'SENT' AS outgoing
  ORDER BY t.timestamp DESC, t.id
  RETURN {transfer: t, outgoing: outgoing}
} AS transfers
RETURN size(transfers) AS total,
       [x IN transfers[$skip..$skip + $first] | {
         outgoing: x.outgoing,
         node: {id: x.transfer.id, labels: labels(x.transfer), props: properties(x.transfer)},
         counterparties: COLLECT {
           WITH x
           MATCH (t:Transfer)-[r:SENT|RECEIVED]-(c:CryptoAddress)
           WHERE t = x.transfer AND (type(r) = 'RECEIVED') = x.outgoing
             AND (r.caveat = 'PUBLIC' OR (r.agency + '|' + r.caveat) IN $grants)
             AND (c.caveat = 'PUBLIC' OR (c.agency + '|' + c.caveat) IN $grants)
           WITH DISTINCT c
           ORDER BY c.id
           RETURN {id: c.id, labels: labels(c), props: properties(c)}
         }
       }] AS page
