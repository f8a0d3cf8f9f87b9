"""The CLI's reads with ``CHOKEPOINT_NEO4J_READ_TIMEOUT_S``: the database stops a read past it; writes
and reads within it are untouched."""

import pytest

from chokepoint import composition
from chokepoint.errors import QueryFailed
from chokepoint.graph.queries import CypherQuery

pytestmark = pytest.mark.neo4j

SLOW = CypherQuery(
    "slow count", "UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"
)

TIMED_OUT = r"slow count: Neo\.ClientError\.Transaction\.TransactionTimedOut"


def test_a_cli_read_past_its_timeout_is_stopped_by_the_database(neo4j_settings):
    bounded = neo4j_settings.model_copy(update={"neo4j_read_timeout_s": 1.0})
    with composition.connect(bounded) as graph:
        with pytest.raises(QueryFailed, match=TIMED_OUT):
            graph.read(SLOW)
        assert graph.read(CypherQuery("quick", "RETURN 1 AS one")) == [{"one": 1}]
