// API sanctionsExposure, guided walk: the address's exposure floor (null: no party within the
// floors' hops, whoever looks), when the viewer may see it.
MATCH (s:Entity {id: $id})
WHERE any(g IN s.markings WHERE g IN $grants)
RETURN s.exposureFloor AS floor
