// One SourceFile node per key (the writer MERGEs on it; the catalogue reads it whole).
CREATE CONSTRAINT source_file_key IF NOT EXISTS FOR (f:SourceFile) REQUIRE f.key IS UNIQUE
