"""A per-agency limit on concurrent expensive requests, so one partner cannot starve the others.

A request is *expensive* when its text names one of the expensive fields (``runInvestigation``,
``chokepoints``, ``supplyChains`` by default): a textual test, so it over-approximates (a name in a
comment or a string counts) but cannot be evaded, since a field must be named to be selected, through
an alias, a fragment or a persisted query alike. Each agency may have ``per_agency`` of them running
at once; one more is refused at once (HTTP 429 with ``Retry-After``), never queued, so a flood of
them holds no connection, memory or database core while it waits. Cheap requests are never limited.
The counters live on the event loop that serves the requests, so they need no lock.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from chokepoint.api.errors import RequestRejected

TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"


class ExpensiveRequests:
    """Counts each agency's running expensive requests; :meth:`slot` admits or refuses one more."""

    def __init__(self, fields: Iterable[str], per_agency: int) -> None:
        names = sorted(set(fields))
        self._pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
        self.per_agency = per_agency
        self._running: Counter[str] = Counter()

    def expensive(self, query: str) -> bool:
        """True when ``query`` names an expensive field anywhere in its text."""
        return self._pattern is not None and self._pattern.search(query) is not None

    def running(self, agency: str) -> int:
        return self._running[agency]

    @contextmanager
    def slot(self, agency: str) -> Iterator[None]:
        """Hold one of ``agency``'s slots for the block; :class:`RequestRejected` when none is free."""
        if self._running[agency] >= self.per_agency:
            raise RequestRejected(
                f"Too many expensive requests at once for agency {agency} (at most {self.per_agency} "
                "running); retry when one has finished",
                TOO_MANY_REQUESTS,
            )
        self._running[agency] += 1
        try:
            yield
        finally:
            self._running[agency] -= 1
            if not self._running[agency]:
                del self._running[agency]
