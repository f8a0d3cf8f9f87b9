// Groups of parties of one type that share a strong identifier: the same OFAC uid, identity
// document node, phone node, registration number (with country) or PGP fingerprint.
MATCH (n:Person) WHERE n.ofacUid IS NOT NULL
WITH n.ofacUid AS value, collect(n.id) AS ids WHERE size(ids) > 1
RETURN 'ofacUid' AS identifier, 'Person' AS label, toString(value) AS value, ids
UNION ALL
MATCH (n:Organization) WHERE n.ofacUid IS NOT NULL
WITH n.ofacUid AS value, collect(n.id) AS ids WHERE size(ids) > 1
RETURN 'ofacUid' AS identifier, 'Organization' AS label, toString(value) AS value, ids
UNION ALL
MATCH (d:IdentityDocument)<-[:HAS_DOCUMENT]-(n:Person)
WITH d, collect(DISTINCT n.id) AS ids WHERE size(ids) > 1
RETURN 'document' AS identifier, 'Person' AS label,
       d.docType + ' ' + d.number + ' (' + d.issuingCountry + ')' AS value, ids
UNION ALL
MATCH (d:IdentityDocument)<-[:HAS_DOCUMENT]-(n:Organization)
WITH d, collect(DISTINCT n.id) AS ids WHERE size(ids) > 1
RETURN 'document' AS identifier, 'Organization' AS label,
       d.docType + ' ' + d.number + ' (' + d.issuingCountry + ')' AS value, ids
UNION ALL
MATCH (p:Phone)<-[:USES_PHONE]-(n:Person)
WITH p, collect(DISTINCT n.id) AS ids WHERE size(ids) > 1
RETURN 'phone' AS identifier, 'Person' AS label, p.number AS value, ids
UNION ALL
MATCH (p:Phone)<-[:USES_PHONE]-(n:Organization)
WITH p, collect(DISTINCT n.id) AS ids WHERE size(ids) > 1
RETURN 'phone' AS identifier, 'Organization' AS label, p.number AS value, ids
UNION ALL
MATCH (n:Organization) WHERE n.registrationNumber IS NOT NULL
WITH toUpper(replace(n.registrationNumber, ' ', '')) AS number, n.country AS country, collect(n.id) AS ids
WHERE size(ids) > 1
RETURN 'registration' AS identifier, 'Organization' AS label,
       number + coalesce(' (' + country + ')', '') AS value, ids
UNION ALL
MATCH (n:VendorAccount) WHERE n.pgpFingerprint IS NOT NULL
WITH toUpper(replace(n.pgpFingerprint, ' ', '')) AS value, collect(n.id) AS ids WHERE size(ids) > 1
RETURN 'pgp' AS identifier, 'VendorAccount' AS label, value, ids
