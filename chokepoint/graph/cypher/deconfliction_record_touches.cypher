// The pointers one answer gave $agency, as notices to their owners: a touch within the owner's window
// of an open notice's first touch counts on it; otherwise it opens a new notice
// (chokepoint/deconfliction/notices.py). Outside the domain model: no Entity label, no markings.
UNWIND $touches AS touch
OPTIONAL MATCH (n:DeconflictionNotice {owner: touch.owner, agency: $agency, element: touch.element})
  WHERE n.firstAt >= $now - duration({minutes: touch.window})
WITH touch, n ORDER BY n.firstAt DESC
WITH touch, collect(n)[0] AS open
FOREACH (_ IN CASE WHEN open IS NULL THEN [1] ELSE [] END |
  CREATE (:DeconflictionNotice {
    owner: touch.owner, agency: $agency, element: touch.element,
    firstAt: $now, lastAt: $now, touches: 1
  }))
FOREACH (_ IN CASE WHEN open IS NULL THEN [] ELSE [1] END |
  SET open.lastAt = $now, open.touches = open.touches + 1)
