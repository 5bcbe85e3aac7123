"""Lexical evidence to re-rank dense candidates: character n-gram overlap with an entry's phrasings.

Short keyword queries ("CIT rate", "Tết", "phở") carry little meaning for a small dense model but
share exact character runs with the right entry; n-grams work the same for spaced and unspaced scripts.
"""
from __future__ import annotations

import re
import unicodedata

from .schema import Entry

_WORD = re.compile(r"\w+", re.UNICODE)


def _grams(text: str, n: int = 3) -> set[str]:
    text = unicodedata.normalize("NFC", text.lower())
    words = _WORD.findall(text)
    grams: set[str] = set()
    for word in words:
        padded = f" {word} "
        size = 2 if any(ord(c) > 0x2E80 for c in word) else n
        grams.update(padded[i:i + size] for i in range(max(1, len(padded) - size + 1)))
    return grams


def overlap(query: str, text: str) -> float:
    """Share of the query's n-grams found in text (0..1)."""
    q = _grams(query)
    if not q:
        return 0.0
    return len(q & _grams(text)) / len(q)


def lexical_scores(query: str, entries: dict[str, Entry]) -> dict[str, float]:
    """Best n-gram overlap of the query with each entry's question phrasings."""
    return {
        eid: max((overlap(query, q) for qs in entry.questions.values() for q in qs), default=0.0)
        for eid, entry in entries.items()
    }
