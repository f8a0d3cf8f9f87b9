// Stamp the exposure floors: $complete false while they are being rebuilt (readers then search
// without them), true with the write count $writes they were built at, the relationship types and
// the most hops they cover, and how many nodes they reached.
MERGE (f:ExposureFloor {key: 'floor'})
SET f.complete = $complete, f.writes = $writes, f.types = $types, f.maxHops = $maxHops,
    f.reached = $reached, f.builtOn = datetime()
