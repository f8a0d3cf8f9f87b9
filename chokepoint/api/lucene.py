"""Turn free text into a safe Lucene query for the full-text index.

User text never becomes query syntax: every Lucene operator character is escaped, the keyword
operators (AND, OR, NOT, TO) are lower-cased into plain words, and every remaining word is required.
"""

from __future__ import annotations

import re

from chokepoint.api.errors import InvalidArgument

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 16
_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|<>=])')
_TOKEN = re.compile(r"\w+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def search_query(text: str) -> str:
    """``+word1 +word2 …`` with every special character escaped; at least one word is needed."""
    return " ".join(f"+{_escape(word)}" for word in search_words(text))


def search_words(text: str) -> list[str]:
    """The words of a search text (each must match), or a clear error."""
    if len(text) > MAX_SEARCH_LENGTH:
        raise InvalidArgument(f"text: longer than {MAX_SEARCH_LENGTH} characters")
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        raise InvalidArgument("text: give at least one word or identifier to search for")
    if len(words) > MAX_SEARCH_TERMS:
        raise InvalidArgument(f"text: at most {MAX_SEARCH_TERMS} words")
    return words


def tokens(text: str) -> set[str]:
    """Lower-cased word tokens, close to the index's standard analyzer (used where a hit must be
    checked against values the index did not see: api/search.py)."""
    return set(_TOKEN.findall(text.lower()))


def _escape(word: str) -> str:
    if word in _OPERATORS:
        word = word.lower()
    return _SPECIAL.sub(r"\\\1", word)
