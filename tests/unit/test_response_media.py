"""The response media type is chosen from ``Accept`` as GraphQL over HTTP says (``api/media.py``)."""

from __future__ import annotations

import pytest

from chokepoint.api.media import Media, negotiate


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, Media.GRAPHQL_RESPONSE),  # no preference: the spec's default since 2025-01-01
        ("", Media.GRAPHQL_RESPONSE),
        ("*/*", Media.GRAPHQL_RESPONSE),
        ("application/*", Media.GRAPHQL_RESPONSE),
        ("application/json", Media.JSON),
        ("Application/JSON; charset=utf-8", Media.JSON),
        ("application/graphql-response+json", Media.GRAPHQL_RESPONSE),
        (
            "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8",
            Media.GRAPHQL_RESPONSE,
        ),
        ("application/json, application/graphql-response+json", Media.GRAPHQL_RESPONSE),  # tie: ours
        ("application/graphql-response+json;q=0.5, application/json", Media.JSON),
        ("application/json;q=0.9, */*;q=1", Media.GRAPHQL_RESPONSE),  # json's own range wins for json
        ("*/*, application/graphql-response+json;q=0", Media.JSON),
        ("text/html, application/json;q=0.1", Media.JSON),
        ("text/html", None),
        ("application/json;q=0, application/graphql-response+json;q=0", None),
        ("application/json;q=oops", None),
    ],
)
def test_negotiate(accept, media):
    assert negotiate(accept) is media


def test_request_errors_are_400_only_under_the_graphql_response_media_type():
    assert Media.GRAPHQL_RESPONSE.request_error_status == 400
    assert Media.JSON.request_error_status == 200
    assert Media.JSON.content_type == b"application/json; charset=utf-8"
