// Parties identity resolution reads, one page at a time in id order (keyset paging on the id index).
// countries: a person's nationalities, an organisation's country. records / recordMarkings: every
// record asserting the node and its marking (a decision's evidence, kept per visibility class).
// valueLog / grants: a shared node's value log and grants, so a class compares the values its own
// records give (resolution/party_values.py derives names and the rest from them as below).
// A record's marking: sourceRecordMarkings, or the one sourceRecordsMarking all records share
// (chokepoint/markings.py).
MATCH (n:Entity)
WHERE n.id > $after AND (n:Person OR n:Organization OR n:VendorAccount)
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id,
       CASE WHEN n:Person THEN 'Person' WHEN n:Organization THEN 'Organization' ELSE 'VendorAccount' END AS label,
       [x IN [n.name] + coalesce(n.aliases, []) WHERE x IS NOT NULL] AS names,
       coalesce(n.birthDates, []) AS birthDates,
       coalesce(n.nationalities, []) + CASE WHEN n.country IS NULL THEN [] ELSE [n.country] END AS countries,
       coalesce(n.sourceRecords, []) AS records,
       coalesce(n.sourceRecordMarkings, [s IN coalesce(n.sourceRecords, []) WHERE n.sourceRecordsMarking IS NOT NULL | n.sourceRecordsMarking]) AS recordMarkings,
       n.valueStatements AS valueLog,
       coalesce(n.markings, []) AS grants
