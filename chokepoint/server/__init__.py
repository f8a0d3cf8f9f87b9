"""The embedded default database: Neo4j 5.26 LTS Community resolved from Maven Central."""
