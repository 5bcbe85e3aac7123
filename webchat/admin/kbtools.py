"""The knowledge base as the workspace uses it: a shared KnowledgeBase, and previews of a question against
the live index or a draft. Publishing re-encodes only changed text thanks to the index's embedding cache,
which draft previews share."""
from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import numpy as np

from knowledge_base import index as index_mod
from knowledge_base.embcache import encode_cached
from knowledge_base.config import load_config
from knowledge_base import lexical
from knowledge_base.schema import Entry
from knowledge_base.service import KnowledgeBase
from language import detect


_build_lock = threading.Lock()


def make_kb(app) -> KnowledgeBase:
    """The workspace's knowledge base: KB_CONFIG from the app config, else the environment with the app's DB."""
    cfg = app.config.get("KB_CONFIG")
    if cfg is None:
        cfg = load_config()
        url = app.extensions["va_store"].engine.url.render_as_string(hide_password=False)
        cfg = dataclasses.replace(cfg, database_url=url)
    return KnowledgeBase(cfg)


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
    cache = Path(kb.config.index_dir) / "embeddings.sqlite3"
    vecs = [encode_cached(kb.encoder, [r[2] for r in qs], "query", cache),
            encode_cached(kb.encoder, [r[2] for r in ans], "passage", cache)]
    # the same answer-row bonus the live index adds, so an unchanged draft scores exactly as live
    bonus = np.array([0.0] * len(qs) + [index_mod.ANSWER_BONUS] * len(ans), dtype=np.float32)
    sims = np.concatenate(vecs) @ qvec + bonus
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
