// Names of every constraint and index, with their kind.
SHOW INDEXES YIELD name, type, owningConstraint
RETURN name, type, owningConstraint IS NOT NULL AS backsConstraint
ORDER BY name
