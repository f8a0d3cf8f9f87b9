// Groups of parties of one type that share a strong identifier: the same OFAC uid, identity
// document node, phone node, registration number (with country) or PGP fingerprint. With the
// evidence beyond the parties themselves: the document or phone node's records (anchor) and, per
// member, the records of its HAS_DOCUMENT / USES_PHONE relationship to it (each with its marking).
// A record's marking: sourceRecordMarkings, or the one sourceRecordsMarking all records share
// (chokepoint/markings.py).
MATCH (n:Person) WHERE n.ofacUid IS NOT NULL
WITH n.ofacUid AS value, collect({id: n.id, records: [], markings: []}) AS members WHERE size(members) > 1
RETURN 'ofacUid' AS identifier, 'Person' AS label, toString(value) AS value, members, null AS anchor
UNION ALL
MATCH (n:Organization) WHERE n.ofacUid IS NOT NULL
WITH n.ofacUid AS value, collect({id: n.id, records: [], markings: []}) AS members WHERE size(members) > 1
RETURN 'ofacUid' AS identifier, 'Organization' AS label, toString(value) AS value, members, null AS anchor
UNION ALL
MATCH (d:IdentityDocument)<-[r:HAS_DOCUMENT]-(n:Person)
WITH d, n, collect(r) AS rels
WITH d, collect({id: n.id, records: reduce(x = [], r IN rels | x + coalesce(r.sourceRecords, [])),
                 markings: reduce(x = [], r IN rels | x + coalesce(r.sourceRecordMarkings, [s IN coalesce(r.sourceRecords, []) WHERE r.sourceRecordsMarking IS NOT NULL | r.sourceRecordsMarking]))}) AS members
WHERE size(members) > 1
RETURN 'document' AS identifier, 'Person' AS label,
       d.docType + ' ' + d.number + ' (' + d.issuingCountry + ')' AS value, members,
       {records: coalesce(d.sourceRecords, []), markings: coalesce(d.sourceRecordMarkings, [s IN coalesce(d.sourceRecords, []) WHERE d.sourceRecordsMarking IS NOT NULL | d.sourceRecordsMarking])} AS anchor
UNION ALL
MATCH (d:IdentityDocument)<-[r:HAS_DOCUMENT]-(n:Organization)
WITH d, n, collect(r) AS rels
WITH d, collect({id: n.id, records: reduce(x = [], r IN rels | x + coalesce(r.sourceRecords, [])),
                 markings: reduce(x = [], r IN rels | x + coalesce(r.sourceRecordMarkings, [s IN coalesce(r.sourceRecords, []) WHERE r.sourceRecordsMarking IS NOT NULL | r.sourceRecordsMarking]))}) AS members
WHERE size(members) > 1
RETURN 'document' AS identifier, 'Organization' AS label,
       d.docType + ' ' + d.number + ' (' + d.issuingCountry + ')' AS value, members,
       {records: coalesce(d.sourceRecords, []), markings: coalesce(d.sourceRecordMarkings, [s IN coalesce(d.sourceRecords, []) WHERE d.sourceRecordsMarking IS NOT NULL | d.sourceRecordsMarking])} AS anchor
UNION ALL
MATCH (p:Phone)<-[r:USES_PHONE]-(n:Person)
WITH p, n, collect(r) AS rels
WITH p, collect({id: n.id, records: reduce(x = [], r IN rels | x + coalesce(r.sourceRecords, [])),
                 markings: reduce(x = [], r IN rels | x + coalesce(r.sourceRecordMarkings, [s IN coalesce(r.sourceRecords, []) WHERE r.sourceRecordsMarking IS NOT NULL | r.sourceRecordsMarking]))}) AS members
WHERE size(members) > 1
RETURN 'phone' AS identifier, 'Person' AS label, p.number AS value, members,
       {records: coalesce(p.sourceRecords, []), markings: coalesce(p.sourceRecordMarkings, [s IN coalesce(p.sourceRecords, []) WHERE p.sourceRecordsMarking IS NOT NULL | p.sourceRecordsMarking])} AS anchor
UNION ALL
MATCH (p:Phone)<-[r:USES_PHONE]-(n:Organization)
WITH p, n, collect(r) AS rels
WITH p, collect({id: n.id, records: reduce(x = [], r IN rels | x + coalesce(r.sourceRecords, [])),
                 markings: reduce(x = [], r IN rels | x + coalesce(r.sourceRecordMarkings, [s IN coalesce(r.sourceRecords, []) WHERE r.sourceRecordsMarking IS NOT NULL | r.sourceRecordsMarking]))}) AS members
WHERE size(members) > 1
RETURN 'phone' AS identifier, 'Organization' AS label, p.number AS value, members,
       {records: coalesce(p.sourceRecords, []), markings: coalesce(p.sourceRecordMarkings, [s IN coalesce(p.sourceRecords, []) WHERE p.sourceRecordsMarking IS NOT NULL | p.sourceRecordsMarking])} AS anchor
UNION ALL
MATCH (n:Organization) WHERE n.registrationNumber IS NOT NULL
WITH toUpper(replace(n.registrationNumber, ' ', '')) AS number, n.country AS country,
     collect({id: n.id, records: [], markings: []}) AS members
WHERE size(members) > 1
RETURN 'registration' AS identifier, 'Organization' AS label,
       number + coalesce(' (' + country + ')', '') AS value, members, null AS anchor
UNION ALL
MATCH (n:VendorAccount) WHERE n.pgpFingerprint IS NOT NULL
WITH toUpper(replace(n.pgpFingerprint, ' ', '')) AS value, collect({id: n.id, records: [], markings: []}) AS members
WHERE size(members) > 1
RETURN 'pgp' AS identifier, 'VendorAccount' AS label, value, members, null AS anchor
