"""The union-find behind co-spend clustering: GraphSense's Rust implementation, behind one function.

``graphsense-clustering`` (PyPI; module ``gs_clustering``, MIT, the code graphsense-lib clusters whole
chains with) exposes ``Clustering(max_address_id)``, ``process_transactions_arrow(ListArray)`` (one
inner list of uint32 input address ids per transaction; calls accumulate) and ``get_mapping_min(
skip_singletons)``, a pyarrow RecordBatch of ``(address_id, cluster_id)`` in ascending id order whose
``cluster_id`` is the least id of the component (it links by minimum). Ids must lie in
``1..max_address_id``: id 0 is its placeholder, and an id past the maximum panics inside Rust, so
:func:`components` checks them before the call.

Why the Arrow entry and not ``process_transactions(list[list[int]])``: the Arrow one reads the offsets
and values buffers in place, where the list one converts every Python int (four times slower on the
bench), and its mapping afterwards is an order of magnitude quicker too. So callers hand over
:class:`IdGroups`, two flat ``array.array`` buffers they fill in one pass, never a list per group.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sized
from itertools import accumulate
from typing import NamedTuple

import numpy as np
import pyarrow as pa
from gs_clustering import Clustering

MAX_ID = 2**32 - 1
_ID_CODE, _OFFSET_CODE = "I", "i"  # uint32 ids and int32 offsets, Arrow's ``list<uint32>`` layout
if array(_ID_CODE).itemsize != 4 or array(_OFFSET_CODE).itemsize != 4:  # pragma: no cover - exotic C ABI
    raise ImportError("array('I') and array('i') must be 32-bit for the Arrow buffers")


class IdGroups(NamedTuple):
    """Groups of ids to join, flat: group ``k`` is ``ids[offsets[k]:offsets[k + 1]]``."""

    offsets: array[int]
    ids: array[int]

    @classmethod
    def of(cls, groups: Iterable[Iterable[int]]) -> IdGroups:
        """From one iterable of ids per group (tests and small inputs; the hot path fills the arrays)."""
        ids: array[int] = array(_ID_CODE)
        offsets: array[int] = array(_OFFSET_CODE, [0])
        for group in groups:
            ids.extend(group)
            offsets.append(len(ids))
        return cls(offsets, ids)

    @classmethod
    def from_flat(cls, ids: Iterable[int], sizes: Iterable[int]) -> IdGroups:
        """From every group's ids in one sequence and each group's size, in order."""
        return cls(array(_OFFSET_CODE, accumulate(sizes, initial=0)), array(_ID_CODE, ids))

    def __len__(self) -> int:  # the number of groups
        return len(self.offsets) - 1


def components(groups: IdGroups, max_id: int) -> tuple[list[int], list[int]]:
    """Join the ids of each group; the ids in some component of two or more, ascending, and for each
    the least id of its component. Every id must lie in ``1..max_id``."""
    if not 1 <= max_id <= MAX_ID:
        raise ValueError(f"max_id {max_id} is outside 1..{MAX_ID}")
    ids, offsets = groups.ids, groups.offsets
    if len(offsets) == 0 or offsets[0] != 0 or offsets[-1] != len(ids):
        raise ValueError("the offsets must start at 0 and end at the number of ids")
    if ids:
        view = np.frombuffer(ids, dtype=np.uint32)  # C-level bounds, not a Python int per id
        if int(view.min()) < 1 or int(view.max()) > max_id:
            raise ValueError(f"an id lies outside 1..{max_id}")
    engine = Clustering(max_id)
    if len(groups):
        engine.process_transactions_arrow(_list_array(groups))
    mapping = engine.get_mapping_min(True)
    members: list[int] = mapping.column(0).to_numpy().tolist()
    least: list[int] = mapping.column(1).to_numpy().tolist()
    return members, least


def _list_array(groups: IdGroups) -> pa.ListArray:
    """The groups as an Arrow ``list<uint32>`` over the same memory (no copy of the ids)."""
    values = _buffer_array(pa.uint32(), groups.ids)
    offsets = _buffer_array(pa.int32(), groups.offsets)
    return pa.ListArray.from_arrays(offsets, values)


def _buffer_array(kind: pa.DataType, items: Sized) -> pa.Array:
    return pa.Array.from_buffers(kind, len(items), [None, pa.py_buffer(items)])
