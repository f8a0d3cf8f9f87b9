// Stamp the chain floors: $complete false while they are being rebuilt (readers then search
// without them), true with the write count $writes they were built at, the relationship types and
// the most hops they cover, and how many nodes they reached (both walks).
MERGE (f:ChainFloor {key: 'floor'})
SET f.complete = $complete, f.writes = $writes, f.types = $types, f.maxHops = $maxHops,
    f.reached = $reached, f.builtOn = datetime()
