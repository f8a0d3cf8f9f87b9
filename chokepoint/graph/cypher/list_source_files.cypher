// Every source file's key and SHA-256 (one row per file ingested): the read adapters' catalogue.
MATCH (f:SourceFile)
RETURN f.key AS key, f.sha256 AS sha256
