"""Visa rules in the workspace: the table the assistant tailors visa answers from (visa.policy).

Like entries, every save is a version: editors save drafts, publishers publish (checked against the
other published rules: CLDR country codes, deep-link legal basis, no two exemptions for one country at
the same time). Published rules are read by the action server on each visa answer, so there is no index
to rebuild.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from knowledge_base.store import ConflictError, stamp_review
from visa.nationality import country_name
from visa.policy import BASIS_KINDS, PASSPORTS, PURPOSES, REGIMES

from . import audit, bp, store, today

FIELDS = ("id", "regime", "countries", "days", "passports", "purposes", "area", "basis_title", "basis_publisher",
          "basis_url", "basis_kind", "basis_reference", "valid_from", "valid_until", "review_due", "entry_id",
          "fee_single", "fee_multiple", "portal", "note")


def _number(text: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text  # left as typed: validation says what is wrong
    return int(value) if value.is_integer() else value


def rule_from_form(form, previous: dict | None) -> dict:
    """A visa rule from the edit form; last_reviewed is today when the facts change, else kept."""
    countries = form.get("countries", "").strip()
    data = {
        "id": form.get("id", "").strip(), "regime": form.get("regime", ""),
        "countries": "all" if countries.lower() == "all" else
        [c.strip().upper() for c in countries.replace("\n", ",").split(",") if c.strip()],
        "days": _number(form.get("days")), "passports": form.get("passports", "all"),
        "purposes": form.get("purposes", "any"),
        "legal_basis": {k: v for k, v in {
            "title": form.get("basis_title", "").strip(), "publisher": form.get("basis_publisher", "").strip(),
            "url": form.get("basis_url", "").strip(), "kind": form.get("basis_kind", "agreement"),
            "reference": form.get("basis_reference", "").strip()}.items() if v},
    }
    for key in ("valid_from", "valid_until", "review_due", "entry_id", "area", "portal", "note"):
        if form.get(key, "").strip():
            data[key] = form.get(key).strip()
    if form.get("fee_single") or form.get("fee_multiple"):
        data["fee_usd"] = {"single": _number(form.get("fee_single")), "multiple": _number(form.get("fee_multiple"))}
    return stamp_review(data, previous, today(), fields=None)


def _form_values(data: dict) -> dict:
    basis = data.get("legal_basis") or {}
    countries = data.get("countries")
    fee = data.get("fee_usd") or {}
    return {
        "id": data.get("id", ""), "regime": data.get("regime", "visa_free"),
        "countries": "all" if countries == "all" else ", ".join(countries or []), "days": data.get("days", ""),
        "passports": data.get("passports", "all"), "purposes": data.get("purposes", "any"), "area": data.get("area", ""),
        "basis_title": basis.get("title", ""), "basis_publisher": basis.get("publisher", ""),
        "basis_url": basis.get("url", ""), "basis_kind": basis.get("kind", "agreement"),
        "basis_reference": basis.get("reference", ""), "valid_from": data.get("valid_from") or "",
        "valid_until": data.get("valid_until") or "", "review_due": data.get("review_due") or "",
        "entry_id": data.get("entry_id") or "", "fee_single": fee.get("single", ""),
        "fee_multiple": fee.get("multiple", ""), "portal": data.get("portal") or "", "note": data.get("note") or "",
        "last_reviewed": data.get("last_reviewed") or "",
    }


def _names(data: dict) -> str:
    countries = data.get("countries")
    if countries == "all":
        return "every nationality"
    return ", ".join(f"{country_name(c, 'en')} ({c})" for c in countries or [])


def _render(row: dict | None, form: dict, *, errors=(), conflict=None, status=200):
    versions = store().visa_rule_versions(row["id"]) if row else []
    draft = versions[0] if versions and versions[0]["status"] == "draft" else None
    return render_template("admin/visa_rule.html", row=row, form=form, versions=versions, draft=draft,
                           errors=list(errors), conflict=conflict, REGIMES=REGIMES, PASSPORTS=PASSPORTS,
                           PURPOSES=PURPOSES, BASIS_KINDS=BASIS_KINDS, countries=_names(
                               {"countries": "all" if form["countries"] == "all" else
                                [c.strip() for c in form["countries"].split(",") if c.strip()]})), status


@bp.get("/visa")
def visa_rules():
    """Every visa rule, with its countries, days, validity and status."""
    rows = store().list_visa_rules()
    for row in rows:
        row["names"] = _names(row["data"])
        versions = store().visa_rule_versions(row["id"])
        row["pending"] = bool(versions and versions[0]["status"] == "draft")
    return render_template("admin/visa_rules.html", rows=rows, today=today())


@bp.get("/visa/new")
def new_visa_rule():
    """An empty rule form."""
    return _render(None, _form_values({}))[0]


@bp.get("/visa/<rule_id>")
def edit_visa_rule(rule_id: str):
    """One rule: the newest version (a pending draft if there is one), and its history."""
    row = store().get_visa_rule(rule_id)
    if row is None:
        abort(404, description="No such visa rule.")
    versions = store().visa_rule_versions(rule_id)
    newest = versions[0]["data"] if versions else row["data"]
    return _render(row, _form_values(newest))[0]


@bp.post("/visa")
def save_visa_rule():
    """Save a draft (editors and publishers) or publish (publishers only)."""
    publish = request.form.get("action") == "publish"
    if publish and g.user["role"] != "publisher":
        abort(403, description="Only publishers can publish visa rules.")
    rid = request.form.get("id", "").strip()
    row = store().get_visa_rule(rid) if rid else None
    if request.form.get("is_new") == "1" and row is not None:
        form = _form_values(rule_from_form(request.form, None))
        return _render(None, form, errors=[f"A visa rule with id {rid} already exists."], status=400)
    versions = store().visa_rule_versions(rid) if row else []
    previous = versions[0]["data"] if versions else None
    data = rule_from_form(request.form, previous)
    expected = int(request.form["version"]) if request.form.get("version", "").isdigit() else None
    try:
        version = store().save_visa_rule(data, status="published" if publish else "draft", author=g.user["name"],
                                         expected_version=expected)
    except ConflictError:
        return _render(row, _form_values(data), conflict="Someone saved this rule after you opened it. "
                       "Reload it, then apply your change again.", status=409)
    except ValueError as exc:
        return _render(row, _form_values(data), errors=str(exc).split("; "), status=400)
    audit("visa_rule_publish" if publish else "visa_rule_draft", details={"rule": rid, "version": version})
    flash(f"{'Published' if publish else 'Saved draft of'} visa rule {rid} (version {version}).", "ok")
    return redirect(url_for("admin.edit_visa_rule", rule_id=rid))
