"""The adapter over graphsense-clustering's union-find: flat Arrow buffers in, least ids out."""

from __future__ import annotations

import random

import pytest

from chokepoint.clustering.disjoint_sets import IdGroups, components


def reference_roots(groups: list[list[int]], max_id: int) -> dict[int, int]:
    """Each id of a component of two or more -> its least id, by repeated relaxation (no union-find)."""
    least = list(range(max_id + 1))
    changed = True
    while changed:
        changed = False
        for group in groups:
            low = min(least[item] for item in group)
            for item in group:
                if least[item] != low:
                    least[item], changed = low, True
    sizes: dict[int, int] = {}
    for item in range(1, max_id + 1):
        sizes[least[item]] = sizes.get(least[item], 0) + 1
    return {item: least[item] for item in range(1, max_id + 1) if sizes[least[item]] > 1}


def test_joins_each_group_and_names_the_least_id() -> None:
    members, least = components(IdGroups.of([[5, 3], [9, 5], [2, 7], [4]]), 10)
    assert dict(zip(members, least, strict=True)) == {2: 2, 3: 3, 5: 3, 7: 2, 9: 3}


def test_flat_and_nested_forms_are_the_same_buffers() -> None:
    nested = IdGroups.of([[1, 2], [3], [4, 5, 6]])
    flat = IdGroups.from_flat([1, 2, 3, 4, 5, 6], [2, 1, 3])
    assert (
        (list(nested.offsets), list(nested.ids))
        == (list(flat.offsets), list(flat.ids))
        == (
            [0, 2, 3, 6],
            [1, 2, 3, 4, 5, 6],
        )
    )
    assert len(nested) == 3


@pytest.mark.parametrize("seed", range(20))
def test_random_groups_match_a_reference(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
    max_id = rng.randint(1, 300)
    groups = [[rng.randint(1, max_id) for _ in range(rng.randint(1, 5))] for _ in range(rng.randint(0, 200))]
    members, least = components(IdGroups.of(groups), max_id)
    assert members == sorted(members)
    assert dict(zip(members, least, strict=True)) == reference_roots(groups, max_id)


def test_no_groups_join_nothing() -> None:
    assert components(IdGroups.of([]), 5) == ([], [])


@pytest.mark.parametrize(
    ("groups", "max_id", "reason"),
    [
        ([[0, 1]], 4, "outside 1..4"),
        ([[1, 5]], 4, "outside 1..4"),
        ([[1]], 0, "max_id 0 is outside"),
        ([[1]], 2**32, "is outside"),
    ],
)
def test_ids_outside_the_range_are_refused_before_rust_sees_them(
    groups: list[list[int]], max_id: int, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        components(IdGroups.of(groups), max_id)


def test_offsets_that_do_not_cover_the_ids_are_refused() -> None:
    packed = IdGroups.of([[1, 2]])
    packed.offsets[-1] = 1
    with pytest.raises(ValueError, match="offsets"):
        components(packed, 2)
