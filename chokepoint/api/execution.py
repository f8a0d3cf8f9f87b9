"""The API's GraphQL execution context: the sub-fields of a selection are collected once per query.

Before completing an object, graphql-core collects the fields its selection asks for (merging
fragments and repeated fields). It memoises that only within one request, yet partner agencies send
the same few queries again and again, and their documents are already parsed once per text
(``security.limits.CheckedDocuments``). Here the collected sub-fields are kept across requests, keyed
by the object type and the identity of the selection's field nodes: an entry holds those nodes, so
their ids cannot be reused by other nodes while it lives.

A document containing ``@`` anywhere is left to graphql-core: ``@skip``, ``@include`` and ``@defer``
make the collection depend on the request's variables (a string holding ``@`` costs only the cache).
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLObjectType
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

MAX_ENTRIES = 4_096  # (object type, selection) pairs kept; all are dropped when full
_Key = tuple[GraphQLObjectType, tuple[int, ...]]
_collected: dict[_Key, tuple[tuple[FieldNode, ...], CollectedFields]] = {}


class ApiExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with sub-field collection shared by requests."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        location: Any = self.operation.loc
        # No directive (nor anything else written with "@") in the document: the collection of its
        # sub-fields does not depend on the request's variables.
        self._shared = location is not None and "@" not in location.source.body

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> CollectedFields:
        if not self._shared:
            return super().collect_subfields(return_type, field_details_list)
        nodes = tuple(details.node for details in field_details_list)
        key = (return_type, tuple(map(id, nodes)))
        found = _collected.get(key)
        if found is not None:  # the entry holds these very nodes: no other node can have their ids
            return found[1]
        collected = super().collect_subfields(return_type, field_details_list)
        if len(_collected) >= MAX_ENTRIES:
            _collected.clear()
        _collected[key] = (nodes, collected)
        return collected
