// Recompute SENT_FUNDS_TO {asset, totalAmount, transferCount, firstSeen, lastSeen} from the Transfer
// nodes, for the pairs an ingest touched. $rows: [{chain, address (sender), targets: {receiver: true}}];
// each sender's transfers are expanded once. The totals are always the sum over every Transfer in the
// graph, so loading a ledger again, or one that overlaps another, never double-counts.
// Per viewer: the transfers are grouped by their markings (the grants that see each) into the classes
// of totalsByVisibility, GRANTS␞COUNT␞FIRST␞LAST␞TOTAL in the order of their keys, and the link is
// visible under any grant of any class (chokepoint/values/totals.py sums a viewer's classes).
// Each ledger that holds one of an asset's transfers is one source record of that asset's link, under
// its own marking ($marking), whatever other ledgers or assets the pair has.
// A new link is first seen when this ledger's transfers were written (the write of the ingest, not
// this later step), so a viewer's first sight of it is that of its first visible transfer.
// The ledger's caveat and file stamps go only onto the links of the assets it holds transfers of: a
// ledger touching a pair recomputes the pair's other assets' links too, which must not then name
// its file (a viewer who sees such a link whole would be shown the stamps of a file it may not see).
// Written only when a value differs (totals are exact decimal text: equal or not) or when a new
// dataset asserts the pair, as the schema's MERGE templates do.
UNWIND $rows AS row
MATCH (a:CryptoAddress {chain: row.chain, address: row.address})-[:SENT]->(t:Transfer)-[:RECEIVED]->(b:CryptoAddress)
WHERE b.chain = row.chain AND row.targets[b.address] IS NOT NULL  // a map lookup; a list IN is linear
// EXACT SUM: an amount is decimal text (chokepoint/values/amounts.py: at most 18 digits before the
// point, 27 after); it is summed as five 9-digit integer limbs, each a 64-bit sum, carried at the end
WITH a, b, t, split(toString(t.amount), '.') AS digits
WITH a, b, t, toInteger(digits[0]) AS whole,
     left(coalesce(digits[1], '') + '000000000000000000000000000', 27) AS fraction
WITH a, b, t.asset AS asset, coalesce(t.markings, []) AS grants,
     [sum(whole / 1000000000), sum(whole % 1000000000), sum(toInteger(left(fraction, 9))),
      sum(toInteger(substring(fraction, 9, 9))), sum(toInteger(substring(fraction, 18, 9)))] AS limbs,
     count(t) AS transfers,
     min(t.timestamp) AS first, max(t.timestamp) AS last, collect(DISTINCT t.caveat) AS caveats,
     sum(CASE WHEN any(r IN t.sourceRecords WHERE r STARTS WITH $dataset + ':') THEN 1 ELSE 0 END) AS mine,
     max(CASE WHEN any(r IN t.sourceRecords WHERE r STARTS WITH $dataset + ':') THEN t.ingestedAt END) AS written
WITH a, b, asset, grants, limbs, transfers, first, last, caveats, mine, written,
     reduce(s = '', g IN grants | s + CASE WHEN s = '' THEN '' ELSE ',' END + g) + '\u001e'
       + toString(transfers) + '\u001e' + coalesce(toString(first), '') + '\u001e'
       + coalesce(toString(last), '') AS key
ORDER BY key
WITH a, b, asset, sum(transfers) AS transfers, min(first) AS first, max(last) AS last,
     sum(mine) > 0 AS asserted, max(written) AS written,
     reduce(acc = [], c IN collect(caveats) | acc + c) AS caveats,
     collect(key) AS classKeys, collect(limbs) AS classLimbs,
     reduce(acc = [], g IN collect(grants) | acc + g) AS grants
// each class's sum, then the link's (the sum of the classes'), carried and written as decimal text
CALL (classLimbs) {
  WITH classLimbs + [reduce(acc = [0, 0, 0, 0, 0], l IN classLimbs | [i IN range(0, 4) | acc[i] + l[i]])] AS sums
  WITH [l IN sums | [l[0], l[1], l[2], l[3] + l[4] / 1000000000, l[4] % 1000000000]] AS sums
  WITH [l IN sums | [l[0], l[1], l[2] + l[3] / 1000000000, l[3] % 1000000000, l[4]]] AS sums
  WITH [l IN sums | [l[0], l[1] + l[2] / 1000000000, l[2] % 1000000000, l[3], l[4]]] AS sums
  WITH [l IN sums | [l[0] + l[1] / 1000000000, l[1] % 1000000000, l[2], l[3], l[4]]] AS sums
  WITH [l IN sums | [CASE WHEN l[0] > 0 THEN toString(l[0]) + right('00000000' + toString(l[1]), 9)
                          ELSE toString(l[1]) END,
                     replace(rtrim(replace(right('00000000' + toString(l[2]), 9) + right('00000000' + toString(l[3]), 9)
                                           + right('00000000' + toString(l[4]), 9), '0', ' ')), ' ', '0')]] AS parts
  RETURN [p IN parts | p[0] + CASE WHEN p[1] = '' THEN '' ELSE '.' + p[1] END] AS texts
}
WITH a, b, asset, texts[-1] AS total, transfers, first, last, asserted, written, caveats, classKeys, grants,
     texts[..-1] AS totals, [i IN range(0, size(classKeys) - 1) | classKeys[i] + '\u001e' + texts[i]] AS classes
WITH a, b, asset, total, transfers, first, last, asserted, written, caveats, classes, classKeys, totals,
     COLLECT { UNWIND grants AS g RETURN DISTINCT g AS grant ORDER BY grant } AS visibleUnder  // sorted:
     // the order of the grants of one viewer's classes is then the same whatever classes it cannot see
MERGE (a)-[x:SENT_FUNDS_TO {asset: asset}]->(b)
ON CREATE SET x.firstSeenAt = coalesce(written, $ingestedAt)
WITH x, total, classes, classKeys, totals, visibleUnder, asserted, x.ingestedAt IS NULL AS created,
     $dataset + ':' + $recordId AS sourceRecord,
     [c IN coalesce(x.totalsByVisibility, []) | split(c, '\u001e')] AS stored,
     {transferCount: transfers, firstSeen: first, lastSeen: last,
      caveat: [c IN $caveatOrder WHERE c IN caveats + CASE WHEN asserted THEN [$caveat] ELSE [] END][-1]} AS exact
WITH x, total, classes, visibleUnder, exact, created, sourceRecord, asserted,
     coalesce(toString(x.totalAmount) <> total, true)
       OR any(k IN keys(exact) WHERE NOT coalesce(x[k] = exact[k], x[k] IS NULL AND exact[k] IS NULL))
       OR size(stored) <> size(classKeys)
       OR any(i IN range(0, size(classKeys) - 1)
              WHERE reduce(s = stored[i][0], p IN stored[i][1..4] | s + '\u001e' + p) <> classKeys[i]
                 OR stored[i][4] <> totals[i]) AS changed,
     asserted AND NOT sourceRecord IN coalesce(x.sourceRecords, []) AS newSource
FOREACH (_ IN CASE WHEN created OR changed OR newSource THEN [1] ELSE [] END |
  SET x += CASE WHEN changed AND asserted THEN $provenance ELSE {} END,
      x += CASE WHEN changed THEN exact ELSE {} END,
      x.totalAmount = CASE WHEN changed THEN total ELSE x.totalAmount END,
      x.totalsByVisibility = CASE WHEN changed OR created THEN classes ELSE x.totalsByVisibility END,
      x.markings = visibleUnder,
      x.ingestedAt = $ingestedAt, x.sourceRecordId = $recordId,
      x.sourceRecordMarkings = CASE WHEN NOT newSource THEN x.sourceRecordMarkings
                                    WHEN x.sourceRecordMarkings IS NOT NULL THEN x.sourceRecordMarkings + $marking
                                    WHEN coalesce(x.sourceRecordsMarking, $marking) = $marking THEN null
                                    ELSE [r IN coalesce(x.sourceRecords, []) | x.sourceRecordsMarking]
                                         + $marking END,
      x.sourceRecordsMarking = CASE WHEN NOT newSource THEN x.sourceRecordsMarking
                                    WHEN x.sourceRecordMarkings IS NOT NULL
                                      OR coalesce(x.sourceRecordsMarking, $marking) <> $marking THEN null
                                    ELSE $marking END,
      x.sourceRecords = CASE WHEN newSource THEN coalesce(x.sourceRecords, []) + sourceRecord
                             ELSE x.sourceRecords END)
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND (changed OR newSource) THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN NOT created AND NOT changed AND NOT newSource THEN 1 ELSE 0 END) AS unchanged
