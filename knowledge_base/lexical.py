"""Lexical evidence to re-rank dense candidates: IDF-weighted character n-gram overlap.

Short keyword queries ("CIT rate", "Tết", "phở", "drone DJI") carry little meaning for a small dense
model but share exact character runs with the right entry. N-grams work the same for spaced and
unspaced scripts; IDF keeps words that every entry shares ("Vietnam") from counting.
Measured on eval/questions (636 answerable questions): accuracy@1 0.769 with dense scores alone,
0.849 with this re-ranking (weights below).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from .schema import Entry

_WORD = re.compile(r"\w+", re.UNICODE)
QUESTION_WEIGHT = 0.05
ANSWER_WEIGHT = 0.08


def grams(text: str, n: int = 3) -> set[str]:
    """Character n-grams of each word (bigrams for CJK), lowercased and NFC-normalised."""
    text = unicodedata.normalize("NFC", text.lower())
    out: set[str] = set()
    for word in _WORD.findall(text):
        padded = f" {word} "
        size = 2 if any(ord(c) > 0x2E80 for c in word) else n
        out.update(padded[i:i + size] for i in range(max(1, len(padded) - size + 1)))
    return out


class LexicalIndex:
    """N-gram sets of every entry's question phrasings and per-language answers, with IDF weights."""

    def __init__(self, entries: dict[str, Entry]):
        self.questions = {eid: [grams(q) for qs in e.questions.values() for q in qs] for eid, e in entries.items()}
        self.answers = {eid: {lang: grams(text) for lang, text in e.answer.items()} for eid, e in entries.items()}
        df: Counter = Counter()
        for eid in entries:
            df.update(set().union(*self.questions[eid], *self.answers[eid].values()))
        n = max(len(entries), 1)
        self._unseen = math.log(1 + n)
        self.idf = {g: math.log(1 + n / (1 + c)) for g, c in df.items()}
        # per entry, which of its phrasings hold each n-gram: scoring walks only the query's n-grams
        self._postings: dict[str, dict[str, list[int]]] = {}
        for eid, phrasings in self.questions.items():
            post: dict[str, list[int]] = {}
            for idx, gs in enumerate(phrasings):
                for g in gs:
                    post.setdefault(g, []).append(idx)
            self._postings[eid] = post

    def _weighted_overlap(self, query: set[str], other: set[str], total: float) -> float:
        return sum(self.idf.get(g, 0.0) for g in query & other) / total

    def scores(self, query: str, lang: str | None, entry_ids) -> dict[str, float]:
        """Lexical bonus per entry: best question overlap and overlap with the answer in lang."""
        q = grams(query)
        if not q:
            return {}
        total = sum(self.idf.get(g, self._unseen) for g in q) or 1.0
        out = {}
        for eid in entry_ids:
            post = self._postings.get(eid, {})
            acc: dict[int, float] = {}
            for g in q:
                for idx in post.get(g, ()):
                    acc[idx] = acc.get(idx, 0.0) + self.idf.get(g, 0.0)
            best_q = max(acc.values(), default=0.0) / total
            ans = self.answers.get(eid, {}).get(lang or "en", set())
            out[eid] = QUESTION_WEIGHT * best_q + ANSWER_WEIGHT * self._weighted_overlap(q, ans, total)
        return out


def lexical_scores(query: str, entries: dict[str, Entry], lang: str | None = None) -> dict[str, float]:
    """Lexical bonus for a few entries on their own (e.g. a draft in preview), IDF taken among them."""
    return LexicalIndex(entries).scores(query, lang, list(entries))
