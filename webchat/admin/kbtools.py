"""The knowledge base as the workspace uses it: a shared KnowledgeBase, a vector cache so that a publish
re-encodes only what changed, and previews of a question against the live index or a draft."""
from __future__ import annotations

import dataclasses
import json
import logging
import threading
from pathlib import Path

import numpy as np

from knowledge_base import index as index_mod
from knowledge_base.config import load_config
from knowledge_base import lexical
from knowledge_base.schema import Entry
from knowledge_base.service import KnowledgeBase
from language import detect

log = logging.getLogger(__name__)


class CachingEncoder:
    """Wraps an encoder; remembers vectors by (prefix kind, text). Same name and dimension as the wrapped one."""

    def __init__(self, base):
        self.base = base
        self.name = base.name
        self.dim = base.dim
        self._cache: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def _encode(self, kind: str, texts, fn) -> np.ndarray:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if (kind, t) not in self._cache]
        if missing:
            vecs = fn(missing)
            with self._lock:
                if len(self._cache) > 200_000:
                    self._cache.clear()
                for t, v in zip(missing, vecs):
                    self._cache[(kind, t)] = np.asarray(v, dtype=np.float32)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self._cache[(kind, t)] for t in texts])

    def encode_queries(self, texts) -> np.ndarray:
        return self._encode("q", texts, self.base.encode_queries)

    def encode_passages(self, texts) -> np.ndarray:
        return self._encode("p", texts, self.base.encode_passages)

    def prime(self, index_dir: Path) -> int:
        """Load the vectors of the live index version so unchanged texts are never re-encoded."""
        version = index_mod.current_version(index_dir)
        if not version:
            return 0
        try:
            folder = Path(index_dir) / version
            manifest = json.loads((folder / "manifest.json").read_text())
            if manifest.get("encoder") != self.name or manifest.get("dim") != self.dim:
                return 0
            snapshot = {d["id"]: Entry.from_dict(d) for d in
                        json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))}
            rows = json.loads((folder / "entries.json").read_text())
            idx = index_mod.faiss.read_index(str(folder / "entries.faiss"))
            vecs = idx.reconstruct_n(0, idx.ntotal) if idx.ntotal else np.zeros((0, self.dim), np.float32)
            texts: list[tuple[str, str]] = []
            pos = 0
            while pos < len(rows):  # rows are grouped per entry, in entry_rows order
                eid = rows[pos]["entry"]
                for kind, _lang, text in index_mod.entry_rows(snapshot[eid]):
                    texts.append(("q" if kind == "q" else "p", text))
                pos = len(texts)
            if len(texts) != len(vecs):
                return 0
            passages = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
            pidx = index_mod.faiss.read_index(str(folder / "passages.faiss"))
            if pidx.ntotal == len(passages) and pidx.ntotal:
                texts += [("p", p["text"]) for p in passages]
                vecs = np.concatenate([vecs, pidx.reconstruct_n(0, pidx.ntotal)])
            with self._lock:
                for key, v in zip(texts, vecs):
                    self._cache[key] = np.asarray(v, dtype=np.float32)
            return len(texts)
        except Exception as exc:  # a cold cache only costs time
            log.warning("could not prime the vector cache from %s: %s", index_dir, exc)
            return 0


class WorkspaceKB(KnowledgeBase):
    """KnowledgeBase whose encoder is cached (primed from the live index on first use)."""

    _cached: CachingEncoder | None = None

    @property
    def encoder(self):
        base = super().encoder
        if self._cached is None or self._cached.base is not base:
            enc = CachingEncoder(base)
            enc.prime(self.config.index_dir)
            self._cached = enc
        return self._cached


_build_lock = threading.Lock()


def make_kb(app) -> WorkspaceKB:
    """The workspace's knowledge base: KB_CONFIG from the app config, else the environment with the app's DB."""
    cfg = app.config.get("KB_CONFIG")
    if cfg is None:
        cfg = load_config()
        url = app.extensions["va_store"].engine.url.render_as_string(hide_password=False)
        cfg = dataclasses.replace(cfg, database_url=url)
    return WorkspaceKB(cfg)


def rebuild(kb: KnowledgeBase) -> str:
    """Rebuild the index from published entries (one build at a time in this process)."""
    with _build_lock:
        return kb.rebuild(seed=False)


def _lexical_bonus(kb, question: str, lang: str, entry: Entry) -> float:
    """The lexical bonus the live search would give this entry (IDF over the live entries plus it)."""
    try:
        entries = dict(kb.index().entries)
        entries[entry.id] = entry
        return lexical.LexicalIndex(entries).scores(question, lang, [entry.id]).get(entry.id, 0.0)
    except (OSError, index_mod.IndexMismatch, AttributeError):
        return lexical.lexical_scores(question, {entry.id: entry}, lang).get(entry.id, 0.0)


def _entry_scores(kb, question: str, entry: Entry, lang: str) -> tuple[float, float, str, str]:
    """Score of one (draft) entry for a question, as the live search would compute it."""
    qvec = kb.encoder.encode_queries([question])[0]
    rows = index_mod.entry_rows(entry)
    qs = [r for r in rows if r[0] == "q"]
    ans = [r for r in rows if r[0] == "a"]
    vecs = []
    if qs:
        vecs.append(kb.encoder.encode_queries([r[2] for r in qs]))
    if ans:
        vecs.append(kb.encoder.encode_passages([r[2] for r in ans]))
    sims = np.concatenate(vecs) @ qvec
    best = int(np.argmax(sims))
    dense = float(sims[best])
    kind, mlang, _ = (qs + ans)[best]
    return dense + _lexical_bonus(kb, question, lang, entry), dense, kind, mlang


def preview(kb, question: str, draft: Entry | None = None, k: int = 5) -> dict:
    """What the assistant would answer: detected language, status, answer text, source, top matches."""
    question = (question or "").strip()[:1000]
    det = detect(question)
    lang = det.language or "en"
    out = {"question": question, "language": lang, "detected": det.language, "error": None, "status": "unknown",
           "answer": None, "answer_lang": None, "source": None, "entry_id": None, "hits": []}
    if not question:
        return out
    try:
        hits = [{"id": h.entry.id, "score": h.score, "dense": h.dense, "kind": h.matched_kind,
                 "lang": h.matched_lang, "entry": h.entry, "draft": False} for h in kb.search(question, lang, k)]
    except (OSError, index_mod.IndexMismatch) as exc:
        hits, out["error"] = [], f"live index unavailable: {exc}"
    if draft is not None:
        score, dense, kind, mlang = _entry_scores(kb, question, draft, lang)
        hits = [h for h in hits if h["id"] != draft.id]
        hits.append({"id": draft.id, "score": score, "dense": dense, "kind": kind, "lang": mlang, "entry": draft,
                     "draft": True})
        hits.sort(key=lambda h: -h["score"])
        hits = hits[:k]
    out["hits"] = hits
    if hits and hits[0]["score"] >= kb.config.threshold:
        entry = hits[0]["entry"]
        out.update(status="answered", entry_id=entry.id, source=entry.source.as_dict())
        if entry.answer.get(lang):
            out.update(answer=entry.answer[lang], answer_lang=lang)
        else:
            out.update(answer=entry.answer.get("en"), answer_lang="en")
    return out
