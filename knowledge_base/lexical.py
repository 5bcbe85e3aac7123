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
from pathlib import Path

from language.script import phrasing_variants

from .schema import Entry

_WORD = re.compile(r"\w+", re.UNICODE)
QUESTION_WEIGHT = 0.05
ANSWER_WEIGHT = 0.08
# saved with each index version (knowledge_base.index), so that loading a version does not build it again: building
# it from 300 entries took about 7 s of CPU in every action server and gateway, at start and after each publish
FILE = "lexical.npz"


def grams(text: str, n: int = 3) -> set[str]:
    """Character n-grams of each word (bigrams for CJK), lowercased and NFC-normalised."""
    text = unicodedata.normalize("NFC", text.lower())
    out: set[str] = set()
    for word in _WORD.findall(text):
        padded = f" {word} "
        size = 2 if any(ord(c) > 0x2E80 for c in word) else n
        out.update(padded[i:i + size] for i in range(max(1, len(padded) - size + 1)))
    return out


def _phrasing_texts(entry: Entry):
    """An entry's question phrasings as the index holds them: each also in its variants (language.script)."""
    return (v for lang, qs in entry.questions.items() for q in qs for v in phrasing_variants(q, lang))


def _entry_grams(entry: Entry) -> tuple[list[set[str]], dict[str, set[str]]]:
    """The n-grams of each of an entry's phrasings, and of its answer per language."""
    return [grams(q) for q in _phrasing_texts(entry)], {lang: grams(text) for lang, text in entry.answer.items()}


class _Cells:
    """The column numbers of a sparse matrix's rows, built one row at a time (CSR arrays, no Python lists)."""

    def __init__(self):
        from array import array

        self.indices, self.indptr = array("i"), array("q", [0])

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def add(self, cols: set[int]) -> set[int]:
        self.indices.extend(sorted(cols))
        self.indptr.append(len(self.indices))
        return cols


class LexicalIndex:
    """N-gram sets of every entry's question phrasings and per-language answers, with IDF weights.

    Kept as two sparse matrices (scipy CSC: phrasings x n-grams and answers x n-grams, each cell the n-gram's
    IDF), so a query's score is a sum over its own n-gram columns. Sets per phrasing took 134 MB in the action
    server for 15,000 phrasings; the matrices take a few MB.
    """

    def __init__(self, entries: dict[str, Entry]):
        import numpy as np
        from scipy import sparse

        vocab: dict[str, int] = {}
        q_cells, a_cells = _Cells(), _Cells()
        self._phrasings: dict[str, tuple[int, int]] = {}  # entry id -> its rows [start, end) in the questions
        self._answer_rows: dict[tuple[str, str], int] = {}  # (entry id, language) -> its row in the answers
        df: Counter = Counter()
        for eid, e in entries.items():
            start = q_cells.rows
            seen: set[int] = set()
            for q in _phrasing_texts(e):
                seen.update(q_cells.add({vocab.setdefault(g, len(vocab)) for g in grams(q)}))
            self._phrasings[eid] = (start, q_cells.rows)
            for lang, text in e.answer.items():
                self._answer_rows[(eid, lang)] = a_cells.rows
                seen.update(a_cells.add({vocab.setdefault(g, len(vocab)) for g in grams(text)}))
            df.update(seen)
        n = max(len(entries), 1)
        self._unseen = math.log(1 + n)
        self._vocab = vocab
        self._df = np.zeros(len(vocab), dtype=np.int64)  # entries that have each n-gram (for score_with)
        self._idf = np.zeros(len(vocab))
        for col, count in df.items():
            self._df[col] = count
            self._idf[col] = math.log(1 + n / (1 + count))

        def matrix(cells: _Cells):
            indices = np.frombuffer(cells.indices, dtype=np.int32)
            indptr = np.frombuffer(cells.indptr, dtype=np.int64)
            return sparse.csr_matrix((self._idf[indices], indices, indptr), shape=(cells.rows, len(vocab))).tocsc()

        self._questions = matrix(q_cells)
        self._answers = matrix(a_cells)

    def save(self, path: Path) -> None:
        """Write the index to one .npz file (numpy arrays only: loading it runs no pickle)."""
        import numpy as np

        eids = list(self._phrasings)
        answers = list(self._answer_rows)
        arrays = {"vocab": np.array(list(self._vocab), dtype=str), "idf": self._idf, "df": self._df,
                  "unseen": np.array(self._unseen),
                  "phrasing_ids": np.array(eids, dtype=str),
                  "phrasing_spans": np.array([self._phrasings[e] for e in eids], dtype=np.int64).reshape(-1, 2),
                  "answer_ids": np.array([e for e, _ in answers], dtype=str),
                  "answer_langs": np.array([lang for _, lang in answers], dtype=str),
                  "answer_rows": np.array([self._answer_rows[k] for k in answers], dtype=np.int64)}
        for name, m in (("questions", self._questions), ("answers", self._answers)):
            arrays.update({f"{name}_data": m.data, f"{name}_indices": m.indices, f"{name}_indptr": m.indptr,
                           f"{name}_shape": np.array(m.shape, dtype=np.int64)})
        with open(path, "wb") as fh:
            np.savez(fh, **arrays)

    @classmethod
    def load(cls, path: Path) -> "LexicalIndex":
        """An index written by save: the same matrices, weights and rows, so the same scores."""
        import numpy as np
        from scipy import sparse

        self = cls.__new__(cls)
        with np.load(path, allow_pickle=False) as data:
            self._vocab = {str(g): i for i, g in enumerate(data["vocab"])}
            self._idf, self._df = data["idf"], data["df"]
            self._unseen = float(data["unseen"])
            self._phrasings = {str(e): (int(a), int(b)) for e, (a, b) in zip(data["phrasing_ids"], data["phrasing_spans"])}
            self._answer_rows = {(str(e), str(lang)): int(r) for e, lang, r in
                                 zip(data["answer_ids"], data["answer_langs"], data["answer_rows"])}
            for name in ("questions", "answers"):
                matrix = sparse.csc_matrix((data[f"{name}_data"], data[f"{name}_indices"], data[f"{name}_indptr"]),
                                           shape=tuple(int(n) for n in data[f"{name}_shape"]))
                setattr(self, f"_{name}", matrix)
        columns = {len(self._vocab), len(self._idf), len(self._df), self._questions.shape[1], self._answers.shape[1]}
        if len(columns) != 1:
            raise ValueError(f"{path}: the n-gram columns disagree")
        return self

    @property
    def entry_ids(self) -> list[str]:
        """The entries whose phrasings the index holds."""
        return list(self._phrasings)

    def idf(self, gram: str) -> float:
        """The IDF weight of an n-gram (0.0 for one no entry has)."""
        col = self._vocab.get(gram)
        return float(self._idf[col]) if col is not None else 0.0

    def scores(self, query: str, lang: str | None, entry_ids) -> dict[str, float]:
        """Lexical bonus per entry: best question overlap and overlap with the answer in lang."""
        import numpy as np

        q = grams(query)
        if not q:
            return {}
        cols = [self._vocab[g] for g in q if g in self._vocab]
        total = float(self._idf[cols].sum()) + self._unseen * (len(q) - len(cols)) or 1.0
        if cols:
            per_phrasing = np.asarray(self._questions[:, cols].sum(axis=1)).ravel()
            per_answer = np.asarray(self._answers[:, cols].sum(axis=1)).ravel()
        out = {}
        for eid in entry_ids:
            best_q = answer = 0.0
            if cols:
                start, end = self._phrasings.get(eid, (0, 0))
                best_q = float(per_phrasing[start:end].max()) if end > start else 0.0
                row = self._answer_rows.get((eid, lang or "en"))
                answer = float(per_answer[row]) if row is not None else 0.0
            out[eid] = QUESTION_WEIGHT * best_q / total + ANSWER_WEIGHT * answer / total
        return out

    def score_with(self, query: str, lang: str | None, entry: Entry, replaced: Entry | None = None) -> float:
        """The bonus `entry` would get in the index of these entries with it added, or put in place of `replaced`
        (the version of the same entry these entries hold): what LexicalIndex of those entries would give it, without
        building that index (7 s for 300 entries; a workspace preview of a draft needs it for one entry). The IDF
        weights follow the draft: its n-grams count once more and the replaced version's once less."""
        q = grams(query)
        if not q:
            return 0.0
        phrasings, answers = _entry_grams(entry)
        new = set().union(*phrasings, *answers.values())
        old = set()
        if replaced is not None:
            old_phrasings, old_answers = _entry_grams(replaced)
            old = old.union(*old_phrasings, *old_answers.values())
        n = max(len(self._phrasings) + (0 if replaced is not None else 1), 1)

        def idf(g: str) -> float:
            col = self._vocab.get(g)
            df = (int(self._df[col]) if col is not None else 0) - (g in old) + (g in new)
            return math.log(1 + n / (1 + df))  # an n-gram no entry has: log(1 + n), as `scores` counts it

        weight = {g: idf(g) for g in q}
        total = sum(weight.values()) or 1.0
        best_q = max((sum(weight[g] for g in q & p) for p in phrasings), default=0.0)
        answer = sum(weight[g] for g in q & answers.get(lang or "en", set()))
        return QUESTION_WEIGHT * best_q / total + ANSWER_WEIGHT * answer / total


def lexical_scores(query: str, entries: dict[str, Entry], lang: str | None = None) -> dict[str, float]:
    """Lexical bonus for a few entries on their own (e.g. a draft in preview), IDF taken among them."""
    return LexicalIndex(entries).scores(query, lang, list(entries))
