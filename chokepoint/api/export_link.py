"""``exportLink``: the ``GET /export`` address of a link chart, checked the way the route checks it.

A GraphQL client (the browser workspace, a partner's script) asks for the link with typed arguments
and fetches it with its own credentials; the chart itself is never in a GraphQL answer. Arguments
are checked by the route's own parser, so a link this field gives is one the route accepts (the
node cap apart, which is the server's: ``CHOKEPOINT_API_EXPORT_MAX_NODES``).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import strawberry
from strawberry.scalars import JSON

from chokepoint.api.errors import InvalidArgument
from chokepoint.api.export_route import EXPORT_PATH, parse_call
from chokepoint.api.objects import resolver

_ANY_CAP = 2**31 - 1  # the route applies the server's own cap


@strawberry.type
class ExportLinkQuery:
    @resolver(
        "The relative address of a link chart (format: anx, mtgx, gexf, graphml, cytoscape, csv, neo4j-csv "
        "or linkurious-csv; "
        "or RDF: turtle, nt, json-ld) of "
        "the given ids and/or a saved investigation's result plus `hops` of neighbourhood, laid out as "
        "`layout` says (auto: layered by role when it holds a supplier and a cell, else force-directed up "
        "to 500 nodes; layered; force), with `clusters` your co-spend wallet clusters of its bitcoin-family "
        "addresses drawn as WalletCluster nodes: GET it with "
        "the same credentials. It holds what you may see, as every answer."
    )
    async def export_link(
        self,
        format: str,
        ids: list[strawberry.ID] | None = None,
        investigation: str | None = None,
        parameters: JSON | None = None,
        hops: int = 0,
        max_nodes: int | None = None,
        layout: str | None = None,
        clusters: bool = False,
    ) -> str:
        given: dict[str, str] = {"format": format, "hops": str(hops)}
        if layout is not None:
            given["layout"] = layout
        if clusters:
            given["clusters"] = "true"
        if ids:
            given["ids"] = ",".join(str(i) for i in ids)
        if investigation is not None:
            given["investigation"] = investigation
        if parameters is not None:
            if not isinstance(parameters, dict):
                raise InvalidArgument("parameters: give a JSON object of parameter name → value")
            given["parameters"] = json.dumps(parameters)
        if max_nodes is not None:
            given["maxNodes"] = str(max_nodes)
        query = urlencode(given)
        parse_call(query, _ANY_CAP)  # InvalidArgument names the argument
        return f"{EXPORT_PATH}?{query}"
