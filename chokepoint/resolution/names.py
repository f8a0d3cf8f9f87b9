"""Name normalisation, similarity and blocking keys: pure functions, no I/O.

Names arrive in every script and order ("GUZMAN LOERA, Joaquin", "Joaquín Guzmán Loera", "张晓明",
"Zhang Xiao Ming", "Xiaoming ZHANG"). Each is transliterated with unidecode (Han → pinyin-like
syllables, Cyrillic, accents), lower-cased, split on punctuation, stripped of particles (de, la,
van, bin …) and, for organisations, of legal-form words (S.A. de C.V., Co. Ltd, 有限公司 …). Two
names are compared order-insensitively: sorted tokens, and the spaceless spelling in every rotation
(so a Chinese given name written joined or split still matches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from rapidfuzz import fuzz
from unidecode import unidecode

PARTICLES = frozenset(
    {"de", "del", "der", "den", "la", "las", "le", "les", "los", "lo", "y", "e", "van", "von", "vom"}
    | {"zu", "da", "das", "di", "do", "dos", "du", "al", "el", "bin", "bint", "ibn", "abu", "ben"}
)
# Legal forms and generic trade words, as token sequences after normalisation (longest first).
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(form.split())
            for form in (
                "s a de c v",
                "s a p i de c v",
                "s de r l de c v",
                "s de r l",
                "s a b de c v",
                "sa de cv",
                "sapi de cv",
                "s de rl de cv",
                "s a",
                "sa",
                "s l",
                "s r l",
                "srl",
                "llc",
                "l l c",
                "ltd",
                "limited",
                "co",
                "company",
                "corp",
                "corporation",
                "inc",
                "incorporated",
                "plc",
                "gmbh",
                "ag",
                "bv",
                "b v",
                "oy",
                "ooo",
                "zao",
                "oao",
                "pte",
                "pvt",
                "group",
                "holdings",
                "holding",
                "trading",
                "trade",
                "import export",
                "import and export",
                "imports exports",
                "imp exp",
                "international",
                "intl",
                "you xian gong si",
                "you xian ze ren gong si",
                "gu fen you xian gong si",
                "gong si",
                "ji tuan",
                "jin chu kou",
                "mao yi",
            )
        ),
        key=len,
        reverse=True,
    )
)
_FORMS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _form in LEGAL_FORMS:  # longest first within each list, as in LEGAL_FORMS
    _FORMS_BY_FIRST.setdefault(_form[0], []).append(_form)
_APOSTROPHES = re.compile("['`\u2019\u02bc]")  # ASCII, backtick, right single quote, modifier
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class PartyKind(StrEnum):
    """Which stop-word lists apply: particles for everyone, legal forms for organisations."""

    PERSON = "person"
    ORGANIZATION = "organization"


@dataclass(frozen=True)
class NormalName:
    """A name ready for comparison: its tokens, the sorted form and the spaceless rotations."""

    original: str
    tokens: tuple[str, ...]

    # Cached: a name is compared with many others.
    @cached_property
    def sorted_text(self) -> str:
        return " ".join(sorted(self.tokens))

    @cached_property
    def compact(self) -> str:
        return "".join(self.tokens)

    @cached_property
    def rotations(self) -> tuple[str, ...]:
        """The spaceless name starting at each token: surname-first and surname-last alike."""
        n = len(self.tokens)
        return tuple("".join(self.tokens[i:] + self.tokens[:i]) for i in range(n))

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)

    @cached_property
    def anagram_key(self) -> str:
        """The name's letters, sorted: equal for any order and any joining of the same tokens."""
        return "".join(sorted(self.compact))

    @cached_property
    def block_keys(self) -> frozenset[str]:
        """:func:`block_keys`, kept: resolution blocks the same names once per visibility class."""
        keys = {f"c:{self.anagram_key}"} if self.tokens else set()
        keys.update(f"t:{token}" for token in self.tokens if len(token) >= MIN_BLOCK_TOKEN)
        return frozenset(keys)


def transliterate(text: str) -> str:
    """ASCII, lower-case, apostrophes dropped, every other non-alphanumeric run a single space."""
    ascii_text = unidecode(text).lower()
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", ascii_text)).strip()


def normalise(name: str, kind: PartyKind = PartyKind.PERSON) -> NormalName:
    """Tokens of ``name`` without particles (and legal forms for organisations).

    When stripping would leave nothing (a company called "Trading Co."), the tokens stay.
    """
    tokens = tuple(transliterate(name).split())
    kept = _drop_legal_forms(tokens) if kind is PartyKind.ORGANIZATION else tokens
    kept = tuple(t for t in kept if t not in PARTICLES)
    return NormalName(original=name, tokens=kept or tokens)


def _drop_legal_forms(tokens: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        form = next((f for f in _FORMS_BY_FIRST.get(tokens[i], ()) if tokens[i : i + len(f)] == f), None)
        if form is None:
            out.append(tokens[i])
            i += 1
        else:
            i += len(form)
    return tuple(out)


SUBSET_FACTOR = 0.92  # one name's tokens all inside the other's: strong, but short of identical


def similarity(a: NormalName, b: NormalName) -> float:
    """Order-insensitive similarity from 0 to 1.

    The best of: the sorted-token ratio; the spaceless spelling of ``a`` in any rotation against
    ``b``'s (joined vs split given names); and, when the shorter name has at least two tokens all
    contained in the longer one, ``SUBSET_FACTOR`` (a middle name missing on one side).
    """
    if not a.tokens or not b.tokens:
        return 0.0
    best = fuzz.ratio(a.sorted_text, b.sorted_text)
    if best < 100:
        compact = b.compact
        for rotation in a.rotations:
            best = fuzz.ratio(rotation, compact, score_cutoff=best) or best
    score = best / 100
    shorter, longer = sorted((a.token_set, b.token_set), key=len)
    if score < SUBSET_FACTOR and len(shorter) >= 2 and shorter <= longer:
        score = SUBSET_FACTOR
    return score


_NO_NAME = NormalName("", ())


def best_similarity(
    names_a: list[NormalName], names_b: list[NormalName]
) -> tuple[float, NormalName, NormalName]:
    """The best-matching pair over two parties' names and aliases: (score, name of a, name of b)."""
    best = (0.0, _NO_NAME, _NO_NAME)
    for a in names_a:
        for b in names_b:
            score = similarity(a, b)
            if score > best[0]:
                best = (score, a, b)
                if score >= 1.0:
                    return best
    return best


MIN_BLOCK_TOKEN = 3  # shorter tokens ("li", "wu", "al") block everything with everything


def block_keys(name: NormalName) -> frozenset[str]:
    """Keys under which a name is filed for candidate generation: its letters, its longer tokens."""
    return name.block_keys
