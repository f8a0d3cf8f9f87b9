"""The API's queries: each runs one ``api_*.cypher`` file with the viewer's grants.

Resolvers and DataLoaders call these methods and never see Cypher. Every method passes
``grants`` (the visibility contract, see ``viewer.py``); rows come back as plain maps
(``{id, labels, props}`` for nodes, ``{type, startId, endId, props}`` for relationships).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from chokepoint.analysis.exposure import ExposureSearch, nearest_party
from chokepoint.analysis.fetch import Toward
from chokepoint.analysis.floors import state_of
from chokepoint.analysis.temporal import MONEY_LINK
from chokepoint.api.loader_keys import NeighborKey
from chokepoint.api.viewer import Viewer
from chokepoint.graph.adapter import Row
from chokepoint.graph.async_adapter import AsyncGraph, AsyncReadSession, Rows
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.statements import FULLTEXT_INDEX, VALUE_LOG_INDEX

MAX_SEARCH_HITS = 10_000  # visible hits considered per search; totalCount never exceeds it
MAX_PATHS = 25  # api_find_paths.cypher asks for SHORTEST 25


async def all_grants(graph: AsyncGraph) -> list[str]:
    """Every ``agency|caveat`` pair in the database: the development viewer's grants."""
    session = graph.session()
    try:
        rows = await session.read(load_query("api_list_grants"))
    finally:
        await session.close()
    return list(rows[0]["grants"]) if rows else []


@dataclass(frozen=True)
class SearchHits:
    plain: list[tuple[str, float]]  # (id, score) of hits without a value log, best first
    rows: dict[str, Row]  # those of them a page may need, by id
    layered: list[Row]  # hits with a value log, whole, with their values-index score (or None)


class GraphReads:
    """The queries of one request, run in its session with its viewer's grants."""

    def __init__(self, session: AsyncReadSession, viewer: Viewer, rel_identity: Sequence[str] = ()) -> None:
        self._session = session
        self._viewer = viewer
        self._grants = viewer.grant_list()
        self._rel_identity = list(
            rel_identity
        )  # orders parallel links (DomainModel.relationship_identity_keys)

    @asynccontextmanager
    async def beside(self) -> AsyncIterator[GraphReads]:
        """The same viewer's reads on a second session of this request, to run beside this one's
        (a session runs its queries one at a time); closed on leaving, its queries counted here."""
        session = self._session.sibling()
        try:
            yield GraphReads(session, self._viewer, self._rel_identity)
        finally:
            await session.close()
            self._session.round_trips += session.round_trips

    @property
    def investigation_timeout_s(self) -> float:
        """The investigation timeout: each saved investigation's read, and a computed one's whole run."""
        return self._session.long_timeout_s

    @property
    def round_trips(self) -> int:
        """Queries sent so far in this request (for tests and the audit log)."""
        return self._session.round_trips

    async def _read(self, name: str, **params: Any) -> list[Row]:
        return await self._read_query(load_query(name), **params)

    async def _read_query(self, query: CypherQuery, **params: Any) -> list[Row]:
        return await self._session.read(query, grants=self._grants, **params)

    async def _one(self, name: str, **params: Any) -> Row | None:
        rows = await self._read(name, **params)
        return rows[0] if rows else None

    async def entities(self, ids: Sequence[str]) -> dict[str, Row]:
        """Visible entities by id (absent or invisible ids are missing from the result)."""
        return {row["id"]: row for row in await self._read("api_fetch_entities", ids=list(ids))}

    async def search(self, lucene: str, types: list[str], first: int, skip: int) -> SearchHits:
        """Visible hits: ``(id, score)`` of elements without a value log, in order, with the rows a
        page may need, and whole rows (with ``score``, null when only the value log matched) of those
        with one."""
        row = await self._one(
            "api_search_entities",
            index=FULLTEXT_INDEX,
            logIndex=VALUE_LOG_INDEX,
            lucene=lucene,
            types=types,
            first=first,
            skip=skip,
            maxHits=MAX_SEARCH_HITS,
        )
        if row is None:
            return SearchHits([], {}, [])
        plain = [(str(hit[0]), float(hit[1])) for hit in row["plain"]]
        return SearchHits(plain, {r["id"]: r for r in row["window"]}, list(row["layered"]))

    async def neighbor_counts(self, keys: Sequence[NeighborKey]) -> dict[str, list[Row]]:
        """Counts per type for entities sharing one filter (``keys[0].batch()``)."""
        first = keys[0]
        rows = await self._read(
            "api_count_neighbors",
            ids=[key.id for key in keys],
            relTypes=list(first.rel_types),
            direction=first.direction,
        )
        return {row["id"]: list(row["counts"]) for row in rows}

    async def neighbor_pages(self, keys: Sequence[NeighborKey], limit: int) -> dict[str, list[Row]]:
        """Up to ``limit`` neighbour rows per entity, for entities sharing one filter and page."""
        first = keys[0]
        rows = await self._read(
            "api_page_neighbors",
            ids=[key.id for key in keys],
            relTypes=list(first.rel_types),
            direction=first.direction,
            skip=first.offset,
            limit=limit,
            relIdentity=self._rel_identity,
        )
        return {row["id"]: list(row["page"]) for row in rows}

    async def paths(self, source: str, target: str, max_hops: int, rel_types: list[str]) -> list[Row]:
        return await self._read(
            "api_find_paths", relTypes=rel_types, maxHops=max_hops, **{"from": source, "to": target}
        )

    async def address(self, chain: str, address: str) -> Row | None:
        return await self._one("api_find_address", chain=chain, address=address)

    async def holders(self, address_id: str, first: int, skip: int) -> tuple[int, list[Row]]:
        row = await self._one("api_page_holders", id=address_id, first=first, skip=skip)
        return (0, []) if row is None else (int(row["total"]), list(row["page"]))

    async def transfers(
        self, address_id: str, direction: str, first: int, skip: int
    ) -> tuple[int, list[Row]]:
        row = await self._one(
            "api_page_transfers", id=address_id, direction=direction, first=first, skip=skip
        )
        return (0, []) if row is None else (int(row["total"]), list(row["page"]))

    async def sanctions_exposure(self, search: ExposureSearch) -> Row | None:
        """The nearest party the viewer counts as sanctioned, and the path (exposure.py: guided by
        the exposure floors while they hold, else the whole-path search)."""
        return await nearest_party(self._read_query, search)

    # Supply chains, chokepoints and saved investigations (chains.py, chokepoints.py, investigations.py)

    async def supply_chains(
        self,
        suppliers: list[str],
        cells: list[str],
        max_hops: int,
        rel_types: list[str],
        first: int,
        skip: int,
        backed: Sequence[tuple[str, str]] | None = None,
    ) -> tuple[int, list[Row]]:
        """With ``backed``, a money link counts only from one (sender, receiver) of it to the other."""
        row = await self._one(
            "api_find_supply_chains",
            suppliers=suppliers,
            cells=cells,
            maxHops=max_hops,
            relTypes=rel_types,
            first=first,
            skip=skip,
            backedTypes=[] if backed is None else [MONEY_LINK],
            backed=[f"{a}\u001e{b}" for a, b in backed or ()],
        )
        return (0, []) if row is None else (int(row["total"]), list(row["page"]))

    async def supply_ends(self, sources: list[str], sinks: list[str]) -> tuple[list[str], list[str]]:
        """The given ids, or (for an empty list) the visible precursor suppliers / distribution cells."""
        row = await self._one("api_list_supply_ends", sources=sources, sinks=sinks)
        found = ([], []) if row is None else (list(row["suppliers"]), list(row["cells"]))
        return sources or found[0], sinks or found[1]

    async def expand_projection(
        self, ids: Sequence[str], rel_types: list[str], max_degree: int, toward: Toward | None = None
    ) -> list[Row]:
        """One hop out of each visible node of ``ids``: ``{id, degree, neighbours}`` (guided by the
        chain floors: only neighbours within ``toward``'s bound, nothing capped)."""
        return await self._read(
            "api_expand_projection",
            ids=list(ids),
            relTypes=rel_types,
            maxDegree=max_degree,
            floor=toward.floor if toward else None,
            bound=toward.bound if toward else None,
        )

    async def chain_floors_hold(
        self, sources: Sequence[str], sinks: Sequence[str], rel_types: list[str], max_hops: int
    ) -> bool:
        """Whether the chain floors may guide a search between these ends: they hold for the links and
        hops (:mod:`chokepoint.analysis.chain_floor`), and the ends are suppliers and cells."""
        state = state_of(await self._one("chain_floor_state"))
        if not state.holds_for(rel_types, max_hops):
            return False
        row = await self._one("api_chain_floor_ends", sources=list(sources), sinks=list(sinks))
        return bool(row and row["guided"])

    async def links(
        self, pairs: Sequence[tuple[str, str]], rel_types: list[str]
    ) -> dict[tuple[str, str], Row]:
        """The relationship shown for each hop (a, b), keyed by the pair as asked."""
        rows = await self._read(
            "api_fetch_links",
            pairs=[list(p) for p in pairs],
            relTypes=rel_types,
            relIdentity=self._rel_identity,
        )
        return {(row["a"], row["b"]): row["relationship"] for row in rows}

    async def neighbourhood(self, ids: Sequence[str], rel_types: list[str]) -> list[Row]:
        """Visible neighbours of each visible node of ``ids`` over ``rel_types``:
        ``{id, type, outgoing, neighbour}`` (at most 100 per node)."""
        if not rel_types:
            return []
        return await self._read("api_interdiction_neighbours", ids=list(ids), relTypes=rel_types)

    async def cuttable_links(
        self, pairs: Sequence[tuple[str, str]], link_types: list[str], rel_types: list[str]
    ) -> list[Row]:
        """Every visible link of ``rel_types`` between the two visible nodes of each pair that a
        visible link of ``link_types`` joins."""
        rows = await self._read(
            "api_interdiction_links", pairs=[list(p) for p in pairs], linkTypes=link_types, relTypes=rel_types
        )
        return [row["link"] for row in rows]

    async def wallets(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """Each visible entity's visible addresses: itself for an address, else those it, its
        SAME_AS parties and its members control."""
        rows = await self._read("api_party_wallets", ids=list(ids))
        return {str(row["id"]): [str(w) for w in row["wallets"]] for row in rows}

    async def outgoing_transfers(self, ids: Sequence[str], after: Any, per_address: int) -> list[Row]:
        """Visible transfers each visible address of ``ids`` sent to a visible address, earliest
        first, at most ``per_address`` each: ``{start, end, transfer}``."""
        return await self._read("api_outgoing_transfers", ids=list(ids), after=after, perAddress=per_address)

    async def money_links(self, pairs: Sequence[tuple[str, str]]) -> list[Row]:
        """The visible SENT_FUNDS_TO links between each pair of visible addresses, either way."""
        rows = await self._read("api_interdiction_money", pairs=[list(p) for p in pairs])
        return [row["link"] for row in rows]

    async def investigation(self, query: CypherQuery, params: Mapping[str, Any]) -> Rows:
        """A saved investigation's rows over what the viewer may see: it takes the viewer's grants as
        ``$grants`` like every API query (the catalogue refuses a file that does not check them), and
        ``$everything`` false: only the CLI's own view skips the checks.
        Analyst Cypher may be heavy: it runs under the long timeout (``api_investigation_timeout_s``)."""
        return await self._session.read_long(query, {**params, "grants": self._grants, "everything": False})

    async def deconfliction_notices(
        self, owner: str, since: Any, offset: int, limit: int
    ) -> tuple[int, list[Row]]:
        """``owner``'s notices, latest touch first: (total, one page)."""
        row = await self._one(
            "deconfliction_list_notices", owner=owner, since=since, offset=offset, limit=limit
        )
        return (int(row["total"]), list(row["page"])) if row else (0, [])

    async def deconfliction_report(self, owner: str, offset: int, limit: int) -> tuple[int, list[Row]]:
        """``owner``'s elements touched by other agencies, most recent first: (total, one page of
        ``{item, entity}``, the entity as the owner sees it or None)."""
        rows = await self._read("deconfliction_report", owner=owner, offset=offset, limit=limit)
        total = int(rows[0]["total"]) if rows else 0
        return total, [row for row in rows if row["item"] is not None]

    async def watches(self, agency: str, offset: int, limit: int) -> tuple[int, list[Row]]:
        """``agency``'s active watches, newest first: (total, one page)."""
        row = await self._one("watch_list", agency=agency, offset=offset, limit=limit)
        return (int(row["total"]), list(row["page"])) if row else (0, [])

    async def alerts(
        self, agency: str, since: Any, watch: str | None, unacknowledged: bool, offset: int, limit: int
    ) -> tuple[int, list[Row]]:
        """``agency``'s alerts whose every needed grant the viewer holds, newest first."""
        row = await self._one(
            "alert_list",
            agency=agency,
            since=since,
            watch=watch,
            unacknowledged=unacknowledged,
            offset=offset,
            limit=limit,
        )
        return (int(row["total"]), list(row["page"])) if row else (0, [])

    # Co-spend clustering (chokepoint/clustering/service.py: ClusterReads)

    async def cluster_spends(self, ids: Sequence[str], seen: Sequence[str], limit: int) -> list[Row]:
        """The visible transactions the visible addresses ``ids`` spent in (not those of ``seen``),
        each as the viewer sees it; at most ``limit``."""
        return await self._read("cluster_spends", ids=list(ids), seen=list(seen), limit=limit)

    async def cluster_transactions(self, chain: str, after: str, limit: int) -> list[Row]:
        """One page of the visible transactions of ``chain`` after the id ``after``."""
        return await self._read("cluster_transactions", chain=chain, after=after, limit=limit)

    async def cluster_chains(self) -> list[str]:
        return [str(row["chain"]) for row in await self._read("cluster_chains")]

    async def cluster_activity(self, ids: Sequence[str]) -> list[Row]:
        """What each visible address of ``ids`` spent and received in visible UTXO transactions."""
        return await self._read("cluster_activity", ids=list(ids))

    async def cluster_attributed(self, ids: Sequence[str]) -> list[Row]:
        """The visible addresses of ``ids`` flagged sanctioned or controlled by a visible party."""
        return await self._read("cluster_attributed", ids=list(ids))

    async def cluster_seeds(self, chains: Sequence[str], limit: int) -> list[Row]:
        """The first ``limit`` visible addresses of ``chains``, by id, flagged sanctioned or controlled
        by a visible party, that spent in a visible transaction of two or more inputs."""
        return await self._read("cluster_seed_addresses", chains=list(chains), limit=limit)

    @property
    def grants(self) -> list[str]:
        """The viewer's grants as sent with every query (PUBLIC included)."""
        return list(self._grants)
