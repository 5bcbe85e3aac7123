"""Entries: list with filters, the side-by-side editor, preview, publishing, history, diff and rollback."""
from __future__ import annotations

import difflib

import yaml
from flask import abort, flash, g, redirect, render_template, request, url_for

from knowledge_base.schema import Entry, phrasing_owners, shared_phrasings, validate_entry
from knowledge_base.store import ConflictError, save_draft, save_status, stamp_review

from . import audit, bp, engine, kb, publisher_required, store, today
from .db import latest_versions, pending_draft
from .forms import data_to_form, entry_state, form_to_data, normalise
from .kbtools import preview, rebuild


@bp.get("/help")
def help_page():
    return render_template("admin/help.html")


@bp.get("/entries")
def entries():
    """All entries with search and filters (topic, missing language, status, review due)."""
    args = request.args
    text = (args.get("q") or "").strip().lower()
    latest = latest_versions(engine())
    rows = []
    for row in store().list_entries():
        state = entry_state(row, today())
        draft = latest.get(row["id"]) if latest.get(row["id"], {}).get("status") == "draft" else None
        shown = draft["data"] if draft else row["data"]
        status = "expired" if row["status"] == "published" and state["expired"] else row["status"]
        if args.get("topic") and row["topic"] != args["topic"]:
            continue
        if args.get("missing") and args["missing"] not in state["missing"]:
            continue
        if args.get("status") and not (status == args["status"] or (args["status"] == "draft" and draft)):
            continue
        if args.get("review") and not state["review_due"]:
            continue
        if text and text not in yaml.safe_dump(shown, allow_unicode=True).lower():
            continue
        rows.append({"id": row["id"], "topic": row["topic"], "status": status, "version": row["version"],
                     "draft": bool(draft), "updated_at": row["updated_at"], "updated_by": row["updated_by"],
                     "question": (shown.get("questions") or {}).get("en", [""])[0], **state})
    return render_template("admin/entries.html", rows=rows, args=args)


def _render_edit(form: dict, *, is_new: bool, version, errors=(), conflict=None, status=200, row=None,
                 draft=None, result=None):
    return render_template("admin/edit.html", form=form, is_new=is_new, version=version, errors=errors,
                           conflict=conflict, row=row, draft=draft, result=result), status


@bp.get("/entries/new")
def new_entry():
    """An empty editor (optionally pre-filled with questions, e.g. from the inbox)."""
    from .inbox import prefill

    resolve = request.args.getlist("u")
    form = data_to_form(prefill(resolve))
    form["resolve"] = [r for r in resolve if r.isdigit()]
    return _render_edit(form, is_new=True, version="")


@bp.get("/entries/<entry_id>/edit")
def edit_entry(entry_id):
    """The nine translations side by side; the pending draft when there is one, else the current version."""
    row = store().get_entry(entry_id)
    if row is None:
        abort(404)
    draft = pending_draft(store().versions(entry_id))
    data = draft["data"] if draft else row["data"]
    result = None
    question = (request.args.get("preview_q") or "").strip()
    if question:
        live = preview(kb(), question)
        with_draft = preview(kb(), question, draft=Entry.from_dict(data)) if _valid(data) else None
        result = {"live": live, "draft": with_draft}
    return _render_edit(data_to_form(data), is_new=False, version=row["version"], row=row, draft=draft,
                        result=result)


def _valid(data: dict) -> bool:
    return not validate_entry(data, require_all_langs=False)


def _check(data: dict) -> list[str]:
    errors = validate_entry(data, require_all_langs=False)
    for rel in data.get("related") or []:
        if rel == data.get("id") or store().get_entry(rel) is None:
            errors.append(f"related id {rel!r} does not exist")
    if not errors:
        # a phrasing another live entry already lists would tie the two entries on that question
        others = [r["data"] for r in store().list_entries() if r["status"] != "archived" and r["id"] != data.get("id")]
        errors += shared_phrasings(data, phrasing_owners(others))
    return errors


def _echo() -> dict:
    form = request.form.to_dict()
    form["resolve"] = request.form.getlist("resolve")
    return form


@bp.post("/entries/save")
def save_entry():
    """Save the form as a draft; a stale version is refused with 409 and nothing is overwritten."""
    is_new = request.form.get("is_new") == "1"
    data = form_to_data(request.form)
    data["last_reviewed"] = data.get("last_reviewed") or today().isoformat()  # set for you (stamp_review below)
    raw_version = request.form.get("version") or ""
    expected = 0 if is_new else (int(raw_version) if raw_version.isdigit() else -1)
    errors = _check(data)
    if errors:
        return _render_edit(_echo(), is_new=is_new, version=raw_version, errors=errors, status=400)
    published = store().get_entry(data["id"]) if not is_new else None
    data = stamp_review(normalise(data), published["data"] if published else None, today())
    try:
        with engine().begin() as conn:
            version = save_draft(conn, data, author=g.user["name"], expected_version=expected)
            resolved = request.form.getlist("resolve")
            if resolved:
                from .inbox import mark_resolved

                mark_resolved(resolved, conn)
            audit("entry.draft", data["id"], {"version": version, "resolved": resolved}, conn=conn)
    except ConflictError:
        current = store().get_entry(data["id"])
        msg = (f"An entry with the id “{data['id']}” already exists." if is_new else
               f"Someone else saved “{data['id']}” (now version {current['version'] if current else '?'}) "
               f"after you opened it (version {raw_version}). Your changes were NOT saved. Copy what you need, "
               f"then reload the entry and apply your changes again.")
        return _render_edit(_echo(), is_new=is_new, version=raw_version, conflict=msg, status=409,
                            row=current)
    flash(f"Draft saved as version {version}.")
    return redirect(url_for("admin.edit_entry", entry_id=data["id"]))


@bp.post("/entries/<entry_id>/publish")
@publisher_required
def publish_entry(entry_id):
    """Publish the pending draft, then rebuild the index (running servers pick it up in ~2 s)."""
    row = store().get_entry(entry_id)
    if row is None:
        abort(404)
    raw = request.form.get("version") or ""
    draft = pending_draft(store().versions(entry_id))
    if draft is None and row["status"] == "published":
        flash("Nothing to publish: there is no pending draft.")
        return redirect(url_for("admin.edit_entry", entry_id=entry_id))
    data = draft["data"] if draft else row["data"]
    errors = _check(data)
    if errors:
        flash("Cannot publish: " + "; ".join(errors))
        return redirect(url_for("admin.edit_entry", entry_id=entry_id)), 400
    try:
        with engine().begin() as conn:
            version = save_status(conn, data, status="published", author=g.user["name"],
                                  expected_version=int(raw) if raw.isdigit() else -1)
            audit("entry.publish", entry_id, {"version": version}, conn=conn)
    except ConflictError:
        return render_template("admin/message.html", title="Conflict",
                               message="This entry changed after you opened it; nothing was published. "
                                       "Reload it, check the draft and publish again.",
                               back=url_for("admin.edit_entry", entry_id=entry_id)), 409
    live = rebuild(kb())
    flash(f"Published version {version}; index {live} is live.")
    return redirect(url_for("admin.edit_entry", entry_id=entry_id))


@bp.post("/entries/<entry_id>/archive")
@publisher_required
def archive_entry(entry_id):
    """Stop serving an entry (kept with its history)."""
    row = store().get_entry(entry_id)
    if row is None:
        abort(404)
    with engine().begin() as conn:
        version = save_status(conn, row["data"], status="archived", author=g.user["name"], expected_version=None)
        audit("entry.archive", entry_id, {"version": version}, conn=conn)
    rebuild(kb())
    flash("Archived; it is no longer served.")
    return redirect(url_for("admin.edit_entry", entry_id=entry_id))


@bp.get("/entries/<entry_id>/history")
def history(entry_id):
    """Every version, newest first, with diffs and rollback."""
    row = store().get_entry(entry_id)
    if row is None:
        abort(404)
    return render_template("admin/history.html", row=row, versions=store().versions(entry_id))


def _dump(data: dict) -> list[str]:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=100).splitlines()


@bp.get("/entries/<entry_id>/diff")
def diff(entry_id):
    """Line diff between two versions (rendered escaped)."""
    versions = {v["version"]: v for v in store().versions(entry_id)}
    try:
        a, b = versions[int(request.args["a"])], versions[int(request.args["b"])]
    except (KeyError, ValueError):
        abort(404)
    lines = []
    for line in difflib.unified_diff(_dump(a["data"]), _dump(b["data"]), f"version {a['version']}",
                                     f"version {b['version']}", lineterm="", n=3):
        kind = "add" if line.startswith("+") else "del" if line.startswith("-") else \
            "hunk" if line.startswith("@@") else "ctx"
        lines.append((kind, line))
    return render_template("admin/diff.html", entry_id=entry_id, a=a, b=b, lines=lines)


@bp.post("/entries/<entry_id>/rollback")
@publisher_required
def rollback(entry_id):
    """Publish a copy of an older version as a new version, and rebuild the index."""
    versions = {v["version"]: v for v in store().versions(entry_id)}
    try:
        target = versions[int(request.form.get("to", ""))]
    except (KeyError, ValueError):
        abort(404)
    raw = request.form.get("version") or ""
    try:
        with engine().begin() as conn:
            version = save_status(conn, target["data"], status="published", author=g.user["name"],
                                  expected_version=int(raw) if raw.isdigit() else None)
            audit("entry.rollback", entry_id, {"to": target["version"], "version": version}, conn=conn)
    except ConflictError:
        return render_template("admin/message.html", title="Conflict",
                               message="This entry changed after you opened its history; nothing was rolled back.",
                               back=url_for("admin.history", entry_id=entry_id)), 409
    rebuild(kb())
    flash(f"Rolled back to version {target['version']} (published as version {version}).")
    return redirect(url_for("admin.history", entry_id=entry_id))


@bp.get("/preview")
def preview_live():
    """Ask the live index a question in any language."""
    question = (request.args.get("q") or "").strip()
    result = preview(kb(), question) if question else None
    return render_template("admin/preview.html", question=question, result=result)
