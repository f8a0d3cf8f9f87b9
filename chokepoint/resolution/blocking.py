"""Name candidate pairs by blocking, never all pairs: pure, no I/O.

Every name (and alias) of a Person or Organization is filed under its type plus (a) its letters
sorted - the same for any word order and any joining of the tokens - and (b) each of its tokens of
three letters or more. Only parties sharing a block are compared. A block larger than
``MAX_BLOCK`` (a common surname, a common word) is split by birth year and nationality/country;
sub-blocks still too large are skipped and counted. Pairs from token blocks go on only when a cheap
ratio of their sorted tokens clears ``PREFILTER``; pairs sharing all letters go on directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from rapidfuzz import fuzz, process

from chokepoint.resolution.names import NormalName, block_keys
from chokepoint.resolution.scoring import Party
from chokepoint.schema.vocabulary import NODE_GROUPS

NAME_LABELS = NODE_GROUPS["parties"]  # the types whose names are blocked and compared
MAX_BLOCK = 200
PREFILTER = 70  # ratio (0-100) of the sorted-token names below which a token-block pair is not scored

Entry = tuple[int, int]  # party index, name index


@dataclass
class Blocks:
    """Candidate pairs (party indexes, lower first) and how many name holders each spelling has."""

    pairs: set[tuple[int, int]] = field(default_factory=set)
    holders: dict[str, int] = field(default_factory=dict)
    skipped_blocks: int = 0

    def holders_of(self, label: str, name: NormalName) -> int:
        return self.holders.get(f"{label}|c:{name.anagram_key}", 0)


def name_candidates(parties: Sequence[Party], compared: Sequence[int] | None = None) -> Blocks:
    """Candidate pairs among ``parties`` (Person and Organization only, same type only).

    ``compared``, one bit mask per party: two parties whose masks share a bit were already compared
    (by a narrower view of identity resolution), so they are not paired again; holders still count
    every party.
    """
    blocks: dict[str, list[Entry]] = defaultdict(list)
    for index, party in enumerate(parties):
        if party.label not in NAME_LABELS:
            continue
        for name_index, name in enumerate(party.normal_names):
            for key in block_keys(name):
                blocks[f"{party.label}|{key}"].append((index, name_index))
    out = Blocks()
    for key, entries in blocks.items():
        holders = len({party for party, _ in entries})
        same_letters = key.partition("|")[2].startswith("c:")
        if same_letters:
            out.holders[key] = holders
        if holders < 2:
            continue
        for block in _small_blocks(parties, entries, out):
            _pairs_in_block(parties, block, exact=same_letters, out=out, compared=compared)
    return out


def _small_blocks(parties: Sequence[Party], entries: list[Entry], out: Blocks) -> list[list[Entry]]:
    if len({party for party, _ in entries}) <= MAX_BLOCK:
        return [entries]
    refined: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        party = parties[entry[0]]
        for attribute in {f"y:{d[:4]}" for d in party.birth_dates} | {f"c:{c}" for c in party.countries}:
            refined[attribute].append(entry)
    kept = [block for block in refined.values() if len({p for p, _ in block}) <= MAX_BLOCK]
    out.skipped_blocks += len(refined) - len(kept) + (0 if refined else 1)
    return kept


def _pairs_in_block(
    parties: Sequence[Party], block: list[Entry], exact: bool, out: Blocks, compared: Sequence[int] | None
) -> None:
    if compared is not None and reduce(and_, (compared[party] for party, _ in block)):
        return  # one narrower view saw every party of the block
    texts = [parties[party].normal_names[name].sorted_text for party, name in block]
    for i, (party_a, _) in enumerate(block):
        if compared is None:
            later: Sequence[int] = range(i + 1, len(block)) if exact else _similar_later(texts, i)
        else:
            mask = compared[party_a]
            later = [j for j in range(i + 1, len(block)) if not compared[block[j][0]] & mask]
            later = later if exact or not later else _similar_among(texts, i, later)
        for j in later:
            party_b = block[j][0]
            if party_a != party_b:
                out.pairs.add((party_a, party_b) if party_a < party_b else (party_b, party_a))


def _similar_later(texts: list[str], i: int) -> list[int]:
    """Indexes after ``i`` whose text clears the prefilter (rapidfuzz loops in C, returns hits only)."""
    hits = process.extract(texts[i], texts[i + 1 :], scorer=fuzz.ratio, score_cutoff=PREFILTER, limit=None)
    return [i + 1 + index for _, _, index in hits]


def _similar_among(texts: list[str], i: int, among: list[int]) -> list[int]:
    """The indexes of ``among`` whose text clears the prefilter against ``i``'s."""
    choices = [texts[j] for j in among]
    hits = process.extract(texts[i], choices, scorer=fuzz.ratio, score_cutoff=PREFILTER, limit=None)
    return [among[index] for _, _, index in hits]
