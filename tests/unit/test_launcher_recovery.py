"""After a crash Neo4j replays its transaction logs before Bolt answers; ``start`` waits past its
timeout while the debug log (lines taken from a real recovery after ``kill -9``) shows it running."""

from chokepoint.server.launcher import recovering

STARTED = (
    b"2026-12-03 15:33:40.431+0000 INFO  [o.n.k.d.Database] [neo4j/b237129d] Recovery required\n"
    b"2026-12-03 15:33:40.666+0000 INFO  [o.n.k.r.Recovery] [neo4j/b237129d] TransactionLogsRecovery\n"
    b"2026-12-03 15:33:53.796+0000 INFO  [o.n.k.r.Recovery] [neo4j/b237129d]  10% completed\n"
)
DONE = (
    b"2026-12-03 15:36:08.484+0000 INFO  [o.n.k.r.Recovery] [neo4j/b237129d] 100% completed\n"
    b"2026-12-03 15:36:08.577+0000 INFO  [o.n.k.d.Database] [neo4j/b237129d] Recovery in 'full' mode "
    b"completed. Observed transactions range [first:203, last:441]\n"
)


def test_a_recovery_in_progress_is_recognised_until_it_completes():
    assert recovering(STARTED)
    assert not recovering(STARTED + DONE)
    assert recovering(STARTED + DONE + STARTED)  # the database crashed again during this start
    assert not recovering(b"2026-12-03 15:04:14.680+0000 INFO  Started.\n")
