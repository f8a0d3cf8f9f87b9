// Block until every index is online (populating indexes would make first queries slow).
CALL db.awaitIndexes(300)
