"""The response media type of a GraphQL-over-HTTP request, chosen from its ``Accept`` header.

GraphQL over HTTP (draft spec, "Status Codes") ties the status of a *request error* (a document that
does not parse or validate, a limit, no operation to run, variables that do not coerce) to the media
type: with ``application/graphql-response+json`` the answer has no ``data`` and status 400; with the
legacy ``application/json`` it SHOULD be 200, because a client cannot tell a 4xx JSON body of the
server from one of a proxy. Field errors are 200 with either. ``application/graphql-response+json``
is the default: for a request without ``Accept`` (the spec's rule since 2025-01-01) and for wildcards;
``application/json`` when the client ranks it higher. A header naming neither is 406.
"""

from __future__ import annotations

from enum import Enum

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class Media(Enum):
    """A response media type and the status of a request error under it."""

    GRAPHQL_RESPONSE = (GRAPHQL_RESPONSE, 400)
    JSON = (JSON, 200)

    @property
    def content_type(self) -> bytes:
        return f"{self.value[0]}; charset=utf-8".encode()

    @property
    def request_error_status(self) -> int:
        """The status of an answer to a well-formed request that did not execute."""
        return self.value[1]


def negotiate(accept: str | None) -> Media | None:
    """The media type to answer ``accept`` with; None when it accepts neither (406)."""
    if accept is None or not accept.strip():
        return Media.GRAPHQL_RESPONSE
    graphql_q, json_q = _quality(accept, GRAPHQL_RESPONSE), _quality(accept, JSON)
    if max(graphql_q, json_q) <= 0:
        return None
    return Media.JSON if json_q > graphql_q else Media.GRAPHQL_RESPONSE


def _quality(accept: str, media: str) -> float:
    """The q of the most specific range of ``accept`` that matches ``media`` (0 if none does)."""
    kind = media.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for part in accept.split(","):
        name, *parameters = (p.strip() for p in part.split(";"))
        name = name.lower()
        specificity = {media: 2, f"{kind}/*": 1, "*/*": 0}.get(name)
        if specificity is None or specificity < best[0]:
            continue
        best = (specificity, _q(parameters))
    return best[1]


def _q(parameters: list[str]) -> float:
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0
