"""The API's execution context: sub-fields collected once per query text, directives respected."""

from __future__ import annotations

import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from chokepoint.api import execution
from chokepoint.api.execution import ApiExecutionContext
from chokepoint.api.security.config import AccessConfig
from chokepoint.api.security.extension import security_policy
from chokepoint.api.security.limits import limit_checks


@strawberry.type
class Leaf:
    name: str = "leaf"
    size: int = 3


@strawberry.type
class Root:
    @strawberry.field
    def leaves(self) -> list[Leaf]:
        return [Leaf(), Leaf(name="other")]


SCHEMA = strawberry.Schema(query=Root, execution_context_class=ApiExecutionContext)


def test_a_repeated_query_collects_its_sub_fields_once(monkeypatch):
    # documents parsed once per text, as the API does (security.limits.CheckedDocuments)
    schema = strawberry.Schema(
        query=Root,
        extensions=[security_policy(limit_checks(AccessConfig().limits, introspection=True))],
        execution_context_class=ApiExecutionContext,
    )
    collections: list[str] = []
    inner = StrawberryGraphQLCoreExecutionContext.collect_subfields

    def counted(self, return_type, field_details_list):  # type: ignore[no-untyped-def]
        collections.append(return_type.name)
        return inner(self, return_type, field_details_list)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "collect_subfields", counted)
    execution._collected.clear()
    query = "query Q { leaves { name ...more } } fragment more on Leaf { size name }"
    answers = [schema.execute_sync(query).data for _ in range(3)]
    assert answers == [{"leaves": [{"name": "leaf", "size": 3}, {"name": "other", "size": 3}]}] * 3
    assert collections == ["Leaf"]  # once, on the first request
    assert len(execution._collected) == 1


def test_directives_follow_each_request_s_variables():
    query = "query Q($full: Boolean!) { leaves { name size @include(if: $full) } }"
    execution._collected.clear()
    full = SCHEMA.execute_sync(query, variable_values={"full": True})
    short = SCHEMA.execute_sync(query, variable_values={"full": False})
    assert full.data == {"leaves": [{"name": "leaf", "size": 3}, {"name": "other", "size": 3}]}
    assert short.data == {"leaves": [{"name": "leaf"}, {"name": "other"}]}
    assert execution._collected == {}  # a document with directives is never shared


def test_different_texts_do_not_share_entries():
    execution._collected.clear()
    names = SCHEMA.execute_sync("{ leaves { name } }").data
    assert names == {"leaves": [{"name": "leaf"}, {"name": "other"}]}
    assert SCHEMA.execute_sync("{ leaves { size } }").data == {"leaves": [{"size": 3}, {"size": 3}]}
    assert len(execution._collected) == 2
