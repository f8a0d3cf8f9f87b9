// The one node that holds a source file's SHA-256; elements written from the file store its key
// (chokepoint/graph/source_files.py). Returns the stored hash: another means two files share a key.
MERGE (f:SourceFile {key: $key})
ON CREATE SET f.sha256 = $sha256
RETURN f.sha256 AS sha256
