// Notices are found by owner, touching agency and element (chokepoint/deconfliction/notices.py).
CREATE INDEX deconfliction_notice_owner IF NOT EXISTS
FOR (n:DeconflictionNotice) ON (n.owner, n.agency, n.element)
