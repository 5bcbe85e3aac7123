"""The glossary in the workspace: abbreviations and synonyms that questions are expanded with.

Editors add and change terms; a publisher publishes them (the index is rebuilt, and every index version
carries its glossary, so live chat and the preview expand questions the same way).
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from knowledge_base.schema import LANGS

from . import audit, bp, kb, publisher_required, store
from .kbtools import rebuild


def _term_from_form(form) -> dict:
    match = [m.strip() for m in form.get("match", "").replace("\n", ",").split(",") if m.strip()]
    expand = {lang: form.get(f"expand_{lang}", "").strip() for lang in LANGS if form.get(f"expand_{lang}", "").strip()}
    return {"id": form.get("id", "").strip(), "match": match, "expand": expand}


@bp.get("/glossary")
def glossary():
    """Every term, and a form to add or change one."""
    terms = store().glossary_terms()
    editing = next((t for t in terms if t["id"] == request.args.get("edit")), None)
    return render_template("admin/glossary.html", terms=terms, editing=editing)


@bp.post("/glossary")
def glossary_save():
    """Add or replace a term (used from the next publish on)."""
    term = _term_from_form(request.form)
    try:
        store().save_glossary_term(term, author=g.user["name"])
    except ValueError as exc:
        flash(f"Not saved: {exc}", "error")
        return render_template("admin/glossary.html", terms=store().glossary_terms(), editing=term), 400
    audit("glossary_save", details={"term": term["id"]})
    flash(f"Saved glossary term {term['id']}. It is used once a publisher publishes the glossary.", "ok")
    return redirect(url_for("admin.glossary"))


@bp.post("/glossary/<term_id>/delete")
@publisher_required
def glossary_delete(term_id: str):
    """Remove a term."""
    if not store().delete_glossary_term(term_id):
        abort(404, description="No such glossary term.")
    audit("glossary_delete", details={"term": term_id})
    flash(f"Deleted glossary term {term_id}.", "ok")
    return redirect(url_for("admin.glossary"))


@bp.post("/glossary/publish")
@publisher_required
def glossary_publish():
    """Rebuild the index so that live chat expands questions with the current glossary."""
    version = rebuild(kb())
    audit("glossary_publish", details={"version": version})
    flash(f"Glossary published (index {version}).", "ok")
    return redirect(url_for("admin.glossary"))

