"""The union-find behind co-spend clustering: GraphSense's Rust implementation, behind one function.

``graphsense-clustering`` (PyPI; module ``gs_clustering``, MIT, the code graphsense-lib clusters whole
chains with) exposes ``Clustering(max_address_id)``, ``process_transactions(list[list[int]])`` (each
inner list, or tuple, one transaction's input address ids; calls accumulate) and ``get_mapping_min(
skip_singletons)``, a pyarrow RecordBatch of ``(address_id, cluster_id)`` in ascending id order whose
``cluster_id`` is the least id of the component (it links by minimum). Ids are unsigned 32-bit and
must lie in ``1..max_address_id``: id 0 is its placeholder, and an id past the maximum panics inside
Rust, so :func:`components` checks them before the call.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

from gs_clustering import Clustering

MAX_ID = 2**32 - 1


def components(groups: Sequence[Sequence[int]], max_id: int) -> tuple[list[int], list[int]]:
    """Join the ids of each group; the ids in some component of two or more, ascending, and for each
    the least id of its component. Every id must lie in ``1..max_id``."""
    if not 1 <= max_id <= MAX_ID:
        raise ValueError(f"max_id {max_id} is outside 1..{MAX_ID}")
    every = list(chain.from_iterable(groups))  # one pass of C-level min and max, not two per group
    if every and (min(every) < 1 or max(every) > max_id):
        raise ValueError(f"an id lies outside 1..{max_id}")
    engine = Clustering(max_id)
    engine.process_transactions(groups)
    mapping = engine.get_mapping_min(True)
    ids: list[int] = mapping.column(0).to_numpy().tolist()
    least: list[int] = mapping.column(1).to_numpy().tolist()
    return ids, least
