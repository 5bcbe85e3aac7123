"""The workspace's home: what needs attention this week, and "Mark reviewed".

The list is knowledge_base.freshness over the published entries (the same checks as
`python -m knowledge_base check`), grouped by entry, errors first, then what expires or falls due
within 60 days. A publisher confirms an entry with "Mark reviewed" (optionally with the evidence URL):
its last_reviewed becomes today, recorded as a version and a kb_reviews row, and the index is rebuilt
so visitors see the new date.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from knowledge_base.freshness import ERROR_CHECKS, LABELS, findings
from knowledge_base.schema import URL_RE
from knowledge_base.store import ConflictError

from . import audit, bp, kb, publisher_required, store, today
from .kbtools import rebuild


def attention_rows() -> list[dict]:
    """One row per published entry with findings: errors first, then by id."""
    published = {r["id"]: r for r in store().list_entries(status="published")}
    by_entry: dict[str, dict] = {}
    for f in findings([r["data"] for r in published.values()], today()):
        row = by_entry.setdefault(f.entry_id, {"id": f.entry_id, "version": published[f.entry_id]["version"],
                                               "last_reviewed": published[f.entry_id]["data"].get("last_reviewed"),
                                               "errors": [], "notices": []})
        row["errors" if f.is_error else "notices"].append(f)
    return sorted(by_entry.values(), key=lambda r: (not r["errors"], r["id"]))


@bp.get("/")
def home():
    rows = attention_rows()
    counts = {check: sum(1 for r in rows for f in r["errors"] + r["notices"] if f.check == check)
              for check in LABELS}
    return render_template("admin/attention.html", rows=rows, counts=counts, labels=LABELS,
                           error_checks=ERROR_CHECKS, reviews=store().reviews(limit=15))


@bp.post("/entries/<entry_id>/review")
@publisher_required
def mark_reviewed(entry_id):
    """Confirm the published entry's facts as of today (with an optional evidence URL)."""
    if store().get_entry(entry_id) is None:
        abort(404)
    evidence = (request.form.get("evidence_url") or "").strip()
    if evidence and not URL_RE.match(evidence):
        abort(400, description="The evidence must be an http(s) link, or left empty.")
    raw = request.form.get("version") or ""
    try:
        version = store().mark_reviewed(entry_id, reviewer=g.user["name"], today=today(),
                                        evidence_url=evidence or None,
                                        note=(request.form.get("note") or "").strip()[:500] or None,
                                        expected_version=int(raw) if raw.isdigit() else None)
    except ConflictError:
        abort(409, description="This entry changed after you opened the page; reload it and review it again.")
    except ValueError as exc:
        abort(409, description=str(exc))
    audit("entry.review", entry_id, {"version": version, "evidence_url": evidence or None})
    rebuild(kb())
    flash(f"Marked {entry_id} as reviewed today ({today().isoformat()}).")
    back = request.form.get("next") or ""
    return redirect(back if back.startswith("/admin/") else url_for("admin.home"))
