// API: visible transfers the address $id sent (SENT) or received (RECEIVED), newest first, one
// page, each with the visible addresses on its other side.
MATCH (a:Entity {id: $id})
WHERE any(g IN a.markings WHERE g IN $grants)
WITH COLLECT {
  MATCH (a)-[r:SENT|RECEIVED]-(t:Transfer)
  WHERE ($direction = 'BOTH' OR ($direction = 'OUTGOING' AND type(r) = 'SENT')
         OR ($direction = 'INCOMING' AND type(r) = 'RECEIVED'))
    AND any(g IN r.markings WHERE g IN $grants)
    AND any(g IN t.markings WHERE g IN $grants)
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
             AND any(g IN r.markings WHERE g IN $grants)
             AND any(g IN c.markings WHERE g IN $grants)
           WITH DISTINCT c
           ORDER BY c.id
           RETURN {id: c.id, labels: labels(c), props: properties(c)}
         }
       }] AS page
