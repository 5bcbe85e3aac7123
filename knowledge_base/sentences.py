"""Split an answer into sentences, so a question about one fact in the middle of an answer can match it."""
from __future__ import annotations

import re

# Latin and Cyrillic sentences end in . ! ? followed by a space; CJK ones in 。！？ with or without one
_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[*A-ZÀ-ỸА-Я0-9])|(?<=[。！？])\s*")
_MIN_CHARS = {"zh": 8, "ja": 10, "ko": 10}
MAX_SENTENCE_CHARS = 300


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """The sentences of an answer, long enough to carry a fact, each cut to MAX_SENTENCE_CHARS."""
    minimum = _MIN_CHARS.get(lang, 25)
    out = []
    for part in _END.split((text or "").replace("\n", " ")):
        part = part.strip()
        if len(part) >= minimum:
            out.append(part[:MAX_SENTENCE_CHARS])
    return out


def later_sentences(text: str, lang: str, skip_chars: int) -> list[str]:
    """Sentences that start after the first skip_chars characters (the opening is embedded whole)."""
    out, pos = [], 0
    for sentence in split_sentences(text, lang):
        found = text.find(sentence[:40], pos)
        if found >= 0:
            pos = found
        if pos + len(sentence) > skip_chars:
            out.append(sentence)
    return out
