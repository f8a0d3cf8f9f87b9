// After loading a full list publication: entries of that list not seen in it are delisted. A
// designation with a value log (asserted under several grants) logs the change as a write of the
// list's grant ($visibility, at $seq), so a viewer of the list replays it (chokepoint/values/log.py).
MATCH (d:Designation)
WHERE $sourceRecordPrefix IN [r IN d.sourceRecords | split(r, ':')[0]]
  AND d.lastSeen < $published AND d.status <> 'delisted'
SET d.status = 'delisted',
    d.valueStatements = CASE WHEN d.valueStatements IS NULL THEN null
                             ELSE d.valueStatements + ($visibility + '\u001e' + $seq + '\u001e' + toString($published)
                                                       + '\u001estatus\u001edelisted') END
RETURN count(d) AS delisted
