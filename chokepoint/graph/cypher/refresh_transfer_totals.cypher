// Recompute SENT_FUNDS_TO {asset, totalAmount, transferCount, firstSeen, lastSeen} from the Transfer
// nodes, for the pairs an ingest touched. $rows: [{chain, address (sender), targets: {receiver: true}}];
// each sender's transfers are expanded once. The totals are always the sum over every Transfer in the
// graph, so loading a ledger again, or one that overlaps another, never double-counts.
// Written only when a value differs (totalAmount within a relative 1e-9: float sums may add in another
// order) or when a new dataset asserts the pair, as the schema's MERGE templates do. The caveat is the
// most restrictive of the ledger's and of every contributing Transfer's ($caveatOrder: least to most).
UNWIND $rows AS row
MATCH (a:CryptoAddress {chain: row.chain, address: row.address})-[:SENT]->(t:Transfer)-[:RECEIVED]->(b:CryptoAddress)
WHERE b.chain = row.chain AND row.targets[b.address] IS NOT NULL  // a map lookup; a list IN is linear
WITH a, b, t.asset AS asset, sum(t.amount) AS total, count(t) AS transfers,
     min(t.timestamp) AS first, max(t.timestamp) AS last, collect(DISTINCT t.caveat) + [$caveat] AS caveats
MERGE (a)-[x:SENT_FUNDS_TO {asset: asset}]->(b)
ON CREATE SET x.firstSeenAt = $ingestedAt
WITH x, total, x.ingestedAt IS NULL AS created, $dataset + ':' + $recordId AS sourceRecord,
     {transferCount: transfers, firstSeen: first, lastSeen: last,
      caveat: [c IN $caveatOrder WHERE c IN caveats][-1]} AS exact
WITH x, total, exact, created, sourceRecord,
     x.totalAmount IS NULL OR abs(x.totalAmount - total) > 1e-9 * abs(total)
       OR any(k IN keys(exact) WHERE NOT coalesce(x[k] = exact[k], x[k] IS NULL AND exact[k] IS NULL)) AS changed,
     NOT sourceRecord IN coalesce(x.sourceRecords, []) AS newSource
FOREACH (_ IN CASE WHEN created OR changed OR newSource THEN [1] ELSE [] END |
  SET x += CASE WHEN changed THEN $provenance ELSE {} END,
      x += CASE WHEN changed THEN exact ELSE {} END,
      x.totalAmount = CASE WHEN changed THEN total ELSE x.totalAmount END,
      x.ingestedAt = $ingestedAt, x.sourceRecordId = $recordId,
      x.sourceRecords = CASE WHEN newSource THEN coalesce(x.sourceRecords, []) + sourceRecord
                             ELSE x.sourceRecords END)
// A total mixes every contributing ledger, so it is marked as one record under its combined caveat
// (not yet a total per viewer: see ARCHITECTURE.md, "Markings").
SET x.sourceRecordMarkings = [_ IN x.sourceRecords | x.agency + '|' + x.caveat],
    x.markings = [CASE WHEN x.caveat = 'PUBLIC' THEN 'PUBLIC' ELSE x.agency + '|' + x.caveat END]
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND (changed OR newSource) THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN NOT created AND NOT changed AND NOT newSource THEN 1 ELSE 0 END) AS unchanged
