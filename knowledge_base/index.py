"""FAISS index over entries and passages: build into a versioned folder, swap atomically, load safely.

Layout under the index dir:
    CURRENT                 name of the live version (replaced with os.replace, so readers see old or new)
    <version>/manifest.json encoder, dimension, counts, content hash
    <version>/entries.faiss, entries.json (row -> entry id, kind, language; a Vietnamese phrasing also without
                            diacritics) and snapshot.json (entry data)
    <version>/passages.faiss, passages.json
    <version>/glossary.json  the glossary terms this version expands questions with
    <version>/classifier.npz the entry classifier trained on this version's phrasings (knowledge_base.classifier)
    <version>/lexical.npz    the n-gram index of its entries (knowledge_base.lexical) and names.json the names they
                            write with a capital (knowledge_base.casing), made here so that loading a version
                            does not make them again (about 10 s of CPU in each server, at start and after a publish)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import numpy as np

from language.script import phrasing_variants

from . import classifier as classifier_mod
from . import lexical as lexical_mod
from .casing import proper_nouns
from .embcache import encode_cached
from .encoder import Encoder
from .schema import Entry
from .sentences import later_sentences

FORMAT = 6  # 4: the entry classifier; 5: Vietnamese phrasings also without diacritics; 6: lexical.npz, names.json
NAMES_FILE = "names.json"
log = logging.getLogger(__name__)
KEEP_VERSIONS = 3
# answers are embedded by their opening: it carries the topic, and long passages cost e5 ten times more
ANSWER_EMBED_CHARS = 280
# answer openings and listed phrasings rank on equal terms. A lift of 0.03 for answer openings once helped the
# team's own questions (accuracy@1 0.717 -> 0.769, 2026-11); on real questions it hurt: with it the right entry came
# first for 77.4% of labelled dev + cal questions, without it 80.5% (cal alone 72.9% -> 77.5%), and the team's own
# set did not suffer (retrieval@1 0.912 -> 0.915), 2026-12-03
ANSWER_BONUS = 0.0
# later sentences of an answer let a question about one of its facts find it; they rank without a bonus
SENTENCE_BONUS = 0.0
BONUS = {"q": 0.0, "a": ANSWER_BONUS, "s": SENTENCE_BONUS}


class IndexMismatch(RuntimeError):
    """The index on disk was not built for this encoder or its files disagree with the manifest."""


def _hash_json(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _faiss():
    # imported when an index is built or loaded, not with the package: the gateway imports this module for
    # the workspace and needs FAISS (about 27 MB) only when an editor previews or publishes
    import faiss

    return faiss


def names_of(entries: dict[str, Entry]) -> frozenset[str]:
    """The names the entries write with a capital (casing.proper_nouns over their answers and phrasings)."""
    return proper_nouns(t for e in entries.values()
                        for t in (*e.answer.values(), *(q for qs in e.questions.values() for q in qs)))


def _flat_ip(vectors: np.ndarray, dim: int):
    faiss = _faiss()
    index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def entry_rows(entry: Entry) -> list[tuple[str, str, str]]:
    """(kind, language, text) rows that represent an entry in the index."""
    rows = [("q", lang, form) for lang, qs in entry.questions.items()
            for form in dict.fromkeys(v for q in qs for v in phrasing_variants(q, lang))]
    rows += [("a", lang, text[:ANSWER_EMBED_CHARS]) for lang, text in entry.answer.items()]
    rows += [("s", lang, sentence) for lang, text in entry.answer.items()
             for sentence in later_sentences(text, lang, ANSWER_EMBED_CHARS)]
    return rows


def build(entries: list[Entry], passages: list[dict], encoder: Encoder, index_dir: Path,
          glossary: list[dict] | None = None) -> Path:
    """Embed everything into a new version folder and make it CURRENT; returns the folder.

    When CURRENT already holds the same content for the same encoder nothing is rebuilt.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    snapshot = sorted((e.as_dict() for e in entries), key=lambda d: d["id"])
    passage_meta = [{k: p[k] for k in ("id", "text", "title", "publisher", "url", "language")} for p in passages]
    glossary = sorted(({k: t[k] for k in ("id", "match", "expand")} for t in glossary or []), key=lambda t: t["id"])
    content_hash = _hash_json({"entries": snapshot, "passages": passage_meta, "glossary": glossary,
                               "format": FORMAT, "classifier": classifier_mod.settings()})
    current = current_version(index_dir)
    if current:
        try:
            manifest = json.loads((index_dir / current / "manifest.json").read_text())
            if manifest.get("content_hash") == content_hash and manifest.get("encoder") == encoder.name:
                return index_dir / current
        except (OSError, ValueError):
            pass

    rows, texts_q, texts_a = [], [], []
    for entry in entries:
        for kind, lang, text in entry_rows(entry):
            rows.append({"entry": entry.id, "kind": kind, "lang": lang})
            (texts_q if kind == "q" else texts_a).append(text)
    # queries and answers use different e5 prefixes, so embed them in two batches and re-interleave
    cache = index_dir / "embeddings.sqlite3"
    q_vecs = iter(encode_cached(encoder, texts_q, "query", cache))
    a_vecs = iter(encode_cached(encoder, texts_a, "passage", cache))
    vectors = np.stack([next(q_vecs) if r["kind"] == "q" else next(a_vecs) for r in rows]) if rows \
        else np.zeros((0, encoder.dim), np.float32)
    p_vecs = encode_cached(encoder, [p["text"] for p in passage_meta], "passage", cache)

    version = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + content_hash[:10]
    tmp = index_dir / f".tmp-{version}"
    tmp.mkdir()
    faiss = _faiss()
    faiss.write_index(_flat_ip(vectors, encoder.dim), str(tmp / "entries.faiss"))
    faiss.write_index(_flat_ip(p_vecs, encoder.dim), str(tmp / "passages.faiss"))
    (tmp / "entries.json").write_text(json.dumps(rows), encoding="utf-8")
    (tmp / "snapshot.json").write_text(json.dumps(snapshot, ensure_ascii=False), encoding="utf-8")
    (tmp / "passages.json").write_text(json.dumps(passage_meta, ensure_ascii=False), encoding="utf-8")
    (tmp / "glossary.json").write_text(json.dumps(glossary, ensure_ascii=False), encoding="utf-8")
    # from the entries exactly as load() will read them back from the snapshot
    as_loaded = {d["id"]: Entry.from_dict(d) for d in snapshot}
    lexical_mod.LexicalIndex(as_loaded).save(tmp / lexical_mod.FILE)
    (tmp / NAMES_FILE).write_text(json.dumps(sorted(names_of(as_loaded)), ensure_ascii=False), encoding="utf-8")
    q_vectors, q_labels = classifier_mod.training_set(rows, vectors)
    clf = classifier_mod.train(q_vectors, q_labels) if q_labels else None
    if clf is not None:
        clf.save(tmp / classifier_mod.FILE)
    manifest = {
        "format": FORMAT, "version": version, "encoder": encoder.name, "dim": encoder.dim,
        "entries": len(snapshot), "entry_rows": len(rows), "passages": len(passage_meta),
        "glossary_terms": len(glossary), "classifier_entries": len(clf.classes) if clf is not None else 0,
        "content_hash": content_hash, "snapshot_hash": _hash_json(snapshot),
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(tmp, index_dir / version)
    pointer = index_dir / f".CURRENT.{os.getpid()}"
    pointer.write_text(version)
    os.replace(pointer, index_dir / "CURRENT")
    _prune(index_dir, keep=version)
    return index_dir / version


def current_version(index_dir: Path) -> str | None:
    """Name of the live version, or None before the first build."""
    try:
        name = (Path(index_dir) / "CURRENT").read_text().strip()
    except OSError:
        return None
    return name or None


def _prune(index_dir: Path, keep: str) -> None:
    versions = sorted(p for p in index_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    for stale in index_dir.glob(".tmp-*"):
        if stale.stat().st_mtime < time.time() - 3600:  # an abandoned build, not one in progress
            shutil.rmtree(stale, ignore_errors=True)
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


@dataclass
class LoadedIndex:
    """One immutable version of the index in memory."""

    version: str
    manifest: dict
    entries: dict[str, Entry]
    rows: list[dict]
    entry_index: Any  # faiss.Index
    passages: list[dict]
    passage_index: Any  # faiss.Index
    glossary: list = None
    classifier: classifier_mod.EntryClassifier | None = None
    _by_entry: dict | None = field(default=None, repr=False, compare=False)
    _successors: dict | None = field(default=None, repr=False, compare=False)
    _row_codes: tuple | None = field(default=None, repr=False, compare=False)
    # made at build time and read with the version (None: made on first use, knowledge_base.service)
    lexical: lexical_mod.LexicalIndex | None = field(default=None, repr=False, compare=False)
    names: frozenset | None = field(default=None, repr=False, compare=False)

    def search_entries(self, vec: np.ndarray, k: int, also=()) -> list[tuple[str, float, dict]]:
        """The k entries whose best row scores highest, with that row: one (entry id, score, row) per entry,
        followed by those of `also` (ids that other signals point to) that are not among them.

        Every row is scored (the flat index compares the query with all of them anyway) and each entry keeps its
        best, so no entry is lost however many phrasings the others have. Before, only the best 320 rows were
        looked at, and once editors had written about 90 phrasings per entry, a question on Viet Nam–Japan
        relations whose rows all fell below the 320th was not found at all. Each row dict returned also carries
        `by_kind`: the entry's best raw score per row kind.
        """
        if self.entry_index.ntotal == 0:
            return []
        # the flat index's own vectors times the query: the scores its search computes, without sorting all rows
        # (a search for every row took 11 ms on 33,000 rows, this 2 ms)
        raw = self._vectors() @ np.asarray(vec, dtype=np.float32)
        codes, names, number, bonus = self._row_arrays()
        adjusted = raw + bonus
        best = np.full(len(names), -np.inf, dtype=np.float32)
        np.maximum.at(best, codes, adjusted)
        order = list(np.argsort(-best, kind="stable")[:k])
        order += [number[eid] for eid in dict.fromkeys(also) if eid in number and number[eid] not in order]
        by_entry = self._rows_by_entry()
        out = []
        for code in order:
            if not np.isfinite(best[code]):
                break
            eid = names[code]
            kinds = {kind: float(raw[rows].max()) for kind, rows in by_entry[eid].items()}
            every = np.concatenate(list(by_entry[eid].values()))
            top_row = int(every[np.argmax(adjusted[every])])
            out.append((eid, float(best[code]), {**self.rows[top_row], "by_kind": kinds}))
        return out

    def _row_arrays(self) -> tuple[np.ndarray, list[str], dict[str, int], np.ndarray]:
        # per row: its entry's number and its kind's bonus, and the entries' numbers; built once per loaded version
        if self._row_codes is None:
            names = sorted({row["entry"] for row in self.rows})
            number = {eid: i for i, eid in enumerate(names)}
            codes = np.array([number[row["entry"]] for row in self.rows], dtype=np.int64)
            bonus = np.array([BONUS.get(row["kind"], 0.0) for row in self.rows], dtype=np.float32)
            self._row_codes = (codes, names, number, bonus)
        return self._row_codes

    def successors(self) -> dict[str, str]:
        """Entry id -> the entry that takes over its questions when it lapses (schema.successors), once per version."""
        if self._successors is None:
            from .schema import successors

            self._successors = successors(self.entries)
        return self._successors

    def _rows_by_entry(self) -> dict[str, dict[str, np.ndarray]]:
        # entry id -> row kind -> row numbers, built once per loaded version
        if self._by_entry is None:
            grouped: dict[str, dict[str, list[int]]] = {}
            for i, row in enumerate(self.rows):
                grouped.setdefault(row["entry"], {}).setdefault(row["kind"], []).append(i)
            self._by_entry = {e: {k: np.array(v) for k, v in ks.items()} for e, ks in grouped.items()}
        return self._by_entry

    def _vectors(self) -> np.ndarray:
        # the flat index's own vectors, without a copy
        import faiss

        index = self.entry_index
        return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)

    def search_passages(self, vec: np.ndarray, k: int) -> list[tuple[dict, float]]:
        """Best passages for a passage-space query vector."""
        if self.passage_index.ntotal == 0:
            return []
        scores, ids = self.passage_index.search(vec[None, :].astype(np.float32), min(k, self.passage_index.ntotal))
        return [(self.passages[i], float(s)) for s, i in zip(scores[0], ids[0]) if i >= 0]


def load(index_dir: Path, encoder: Encoder, version: str | None = None) -> LoadedIndex:
    """Load a version (CURRENT by default), refusing any mismatch with its manifest."""
    index_dir = Path(index_dir)
    version = version or current_version(index_dir)
    if not version:
        raise FileNotFoundError(f"no index in {index_dir}: run `python -m knowledge_base build`")
    folder = index_dir / version
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise IndexMismatch(f"index format {manifest.get('format')} != {FORMAT}; rebuild it")
    if manifest["encoder"] != encoder.name or manifest["dim"] != encoder.dim:
        raise IndexMismatch(
            f"index was built with {manifest['encoder']} ({manifest['dim']}d), "
            f"not {encoder.name} ({encoder.dim}d); rebuild it")
    snapshot = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    rows = json.loads((folder / "entries.json").read_text())
    passages = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
    glossary_file = folder / "glossary.json"
    glossary = json.loads(glossary_file.read_text(encoding="utf-8")) if glossary_file.exists() else []
    faiss = _faiss()
    entry_index = faiss.read_index(str(folder / "entries.faiss"))
    passage_index = faiss.read_index(str(folder / "passages.faiss"))
    problems = []
    if _hash_json(snapshot) != manifest["snapshot_hash"] or len(snapshot) != manifest["entries"]:
        problems.append("entry snapshot")
    if entry_index.ntotal != manifest["entry_rows"] or len(rows) != manifest["entry_rows"]:
        problems.append("entry vectors")
    if passage_index.ntotal != manifest["passages"] or len(passages) != manifest["passages"]:
        problems.append("passage vectors")
    if len(glossary) != manifest.get("glossary_terms", 0):
        problems.append("glossary")
    if entry_index.d != encoder.dim or passage_index.d != encoder.dim:
        problems.append("dimension")
    clf = None
    if manifest.get("classifier_entries"):
        try:
            clf = classifier_mod.EntryClassifier.load(folder / classifier_mod.FILE)
        except (OSError, ValueError, KeyError):
            problems.append("classifier")
        else:
            if len(clf.classes) != manifest["classifier_entries"] or clf.coef.shape[1] != encoder.dim:
                problems.append("classifier")
    if problems:
        raise IndexMismatch(f"index {version} disagrees with its manifest: {', '.join(problems)}")
    entries = {d["id"]: Entry.from_dict(d) for d in snapshot}
    loaded = LoadedIndex(version, manifest, entries, rows, entry_index, passages, passage_index, glossary, clf)
    try:
        loaded.lexical = lexical_mod.LexicalIndex.load(folder / lexical_mod.FILE)
        loaded.names = frozenset(json.loads((folder / NAMES_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # the service makes them from the entries instead
        log.warning("index %s: %s; the lexical index and names are made from the entries", version, exc)
        loaded.lexical = loaded.names = None
    if loaded.lexical is not None and set(loaded.lexical.entry_ids) != set(entries):
        log.warning("index %s: lexical.npz names other entries than the snapshot; made from the entries", version)
        loaded.lexical = None
    return loaded
