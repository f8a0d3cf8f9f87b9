// After loading a full list publication: entries of that list not seen in it are delisted.
MATCH (d:Designation)
WHERE $sourceRecordPrefix IN [r IN d.sourceRecords | split(r, ':')[0]]
  AND d.lastSeen < $published AND d.status <> 'delisted'
SET d.status = 'delisted'
RETURN count(d) AS delisted
