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
from knowledge_base import classifier, lexical
from knowledge_base.schema import Entry
from knowledge_base.service import Hit, KnowledgeBase
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
        loaded = kb.index()
        return kb._lexical(loaded).score_with(question, lang, entry, loaded.entries.get(entry.id))
    except (OSError, index_mod.IndexMismatch, AttributeError):
        return lexical.lexical_scores(question, {entry.id: entry}, lang).get(entry.id, 0.0)


_refitted: dict = {}  # (index version, entry id, its phrasings) -> the classifier refitted for that draft
_refit_lock = threading.Lock()


def _phrasings(entry: Entry) -> tuple:
    """An entry's question phrasings in a fixed order (language, then as listed)."""
    return tuple(q for _lang, qs in sorted(entry.questions.items()) for q in qs)


def _draft_probability(kb, entry: Entry, phrasing_vecs: np.ndarray, qvec: np.ndarray) -> float:
    """The entry classifier's probability for a draft, as it will be once the draft is published: the live
    classifier's for an unchanged entry; for a new entry or changed phrasings, the live classifier refitted with the
    draft's phrasings (a few seconds, once per draft version; knowledge_base.classifier.refit_with)."""
    loaded = kb.index()
    clf = loaded.classifier
    if clf is None or not len(phrasing_vecs):
        return 0.0
    phrasings = _phrasings(entry)
    live = loaded.entries.get(entry.id)
    if live is not None and _phrasings(live) == phrasings:
        return clf.of(qvec, [entry.id])[entry.id]
    key = (loaded.version, entry.id, phrasings)
    with _refit_lock:
        refitted = _refitted.get(key)
        if refitted is None:
            refitted = classifier.refit_with(clf, *classifier.training_set(loaded.rows, loaded._vectors()), entry.id,
                                             phrasing_vecs)
            if len(_refitted) >= 8:
                _refitted.pop(next(iter(_refitted)))
            _refitted[key] = refitted
    return refitted.of(qvec, [entry.id])[entry.id]


def _draft_hit(kb, question: str, entry: Entry, lang: str) -> Hit:
    """The hit a (draft) entry would make for a question, scored as the live search would score it."""
    # read as live search reads it (KnowledgeBase._search): sentence case, Traditional Chinese in Simplified characters
    expanded = kb.glossary(kb.index()).expand(kb.as_searched(question, lang), lang)
    qvec = kb.encoder.encode_queries([expanded])[0]
    rows = index_mod.entry_rows(entry)
    cache = Path(kb.config.index_dir) / "embeddings.sqlite3"
    vecs = [encode_cached(kb.encoder, [r[2] for r in rows if r[0] == "q"], "query", cache),
            encode_cached(kb.encoder, [r[2] for r in rows if r[0] != "q"], "passage", cache)]
    ordered = [r for r in rows if r[0] == "q"] + [r for r in rows if r[0] != "q"]
    raw = np.concatenate(vecs) @ qvec
    # the same per-kind bonus the live index adds, so an unchanged draft scores exactly as live
    sims = raw + np.array([index_mod.BONUS.get(r[0], 0.0) for r in ordered], dtype=np.float32)
    best = int(np.argmax(sims))
    by_kind: dict[str, float] = {}
    for (kind, _lang, _text), value in zip(ordered, raw):
        by_kind[kind] = max(by_kind.get(kind, -1.0), float(value))
    lex = _lexical_bonus(kb, expanded, lang, entry)
    prob = _draft_probability(kb, entry, vecs[0], qvec)
    kind, mlang, _ = ordered[best]
    return Hit(entry, float(sims[best]) + lex + classifier.WEIGHT * prob, float(sims[best]), kind, mlang, lex, by_kind,
               prob)


def preview(kb, question: str, draft: Entry | None = None, k: int = 5) -> dict:
    """What the assistant would reply, through the same decision as live chat: status, answer, top matches."""
    question = (question or "").strip()[:1000]
    det = detect(question)
    lang = det.language or "en"
    out = {"question": question, "language": lang, "detected": det.language, "error": None, "status": "unknown",
           "answer": None, "answer_lang": None, "source": None, "entry_id": None, "hits": [],
           "confidence": None, "suggestions": []}
    if not question:
        return out
    vec = None
    try:
        hits, vec = kb._search(question, lang, k)
    except (OSError, index_mod.IndexMismatch) as exc:
        hits, out["error"] = [], f"live index unavailable: {exc}"
    if draft is not None:
        hits = [h for h in hits if h.entry.id != draft.id] + [_draft_hit(kb, question, draft, lang)]
        hits.sort(key=lambda h: -h.score)
    try:
        result = kb.decide(question, lang, hits, vec)
    except (OSError, index_mod.IndexMismatch) as exc:
        result, out["error"] = None, out["error"] or f"live index unavailable: {exc}"
    draft_id = draft.id if draft is not None else None
    out["hits"] = [{"id": h.entry.id, "score": h.score, "dense": h.dense, "kind": h.matched_kind,
                    "lang": h.matched_lang, "entry": h.entry, "draft": h.entry.id == draft_id} for h in hits[:k]]
    if result is None:
        return out
    out.update(status=result.status, confidence=result.confidence,
               suggestions=[h.entry.first_question(lang) for h in result.suggestions], reason=result.reason)
    if result.status == "answered":
        entry = result.hits[0].entry
        out.update(entry_id=entry.id, source=entry.source.as_dict())
        if entry.answer.get(lang):
            out.update(answer=entry.answer[lang], answer_lang=lang)
        else:
            out.update(answer=entry.answer.get("en"), answer_lang="en")
    return out
