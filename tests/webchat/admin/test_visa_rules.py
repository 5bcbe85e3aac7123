"""Visa rules in the workspace: listed, edited as drafts, published by publishers only, checked on publish."""
from __future__ import annotations

from tests.webchat.admin.workspace import post
from visa.policy import load_seed

CHILE = next(d for d in load_seed() if d["id"] == "chile-90-days")


def form(data: dict, **changes) -> dict:
    basis = data["legal_basis"]
    out = {"id": data["id"], "regime": data["regime"], "countries": ", ".join(data["countries"]),
           "days": str(data["days"]), "passports": data["passports"], "purposes": data["purposes"],
           "basis_title": basis["title"], "basis_publisher": basis["publisher"], "basis_url": basis["url"],
           "basis_kind": basis.get("kind", "agreement"), "valid_from": data.get("valid_from") or "",
           "review_due": data.get("review_due") or ""}
    out.update(changes)
    return out


def _seeded(app):
    store = app.extensions["va_store"]
    store.seed_visa_rules(load_seed())
    return store


def test_the_list_shows_rules_with_country_names_and_dates(app, editor):
    _seeded(app)
    page = editor.get("/admin/visa").get_data(as_text=True)
    assert "unilateral-45-days-2025" in page and "Germany (DE)" in page and "2028-03-14" in page
    rule = editor.get("/admin/visa/chile-90-days").get_data(as_text=True)
    assert "Chile (CL)" in rule and "History" in rule


def test_an_editor_saves_a_draft_that_is_not_served_until_a_publisher_publishes(app, editor, publisher):
    import datetime as dt

    app.config["ADMIN_TODAY"] = dt.date(2027, 1, 5)
    store = _seeded(app)
    assert post(editor, "/admin/visa", form(CHILE, days="60", action="draft", version="1")).status_code == 302
    assert store.get_visa_rule("chile-90-days")["data"]["days"] == 90  # the draft is not served
    assert [v["status"] for v in store.visa_rule_versions("chile-90-days")] == ["draft", "published"]
    assert post(editor, "/admin/visa", form(CHILE, days="60", action="publish", version="2")).status_code == 403
    assert post(publisher, "/admin/visa", form(CHILE, days="60", action="publish", version="2")).status_code == 302
    served = store.get_visa_rule("chile-90-days")["data"]
    assert served["days"] == 60 and served["last_reviewed"] == "2027-01-05"  # a change of facts is a review
    assert store.visa_rule_versions("chile-90-days")[0]["author"] == "pat"


def test_publishing_an_overlapping_exemption_or_an_unknown_country_is_refused(app, publisher):
    store = _seeded(app)
    clash = form(CHILE, id="chile-again", countries="CL", days="30", action="publish", is_new="1")
    resp = post(publisher, "/admin/visa", clash)
    assert resp.status_code == 400 and "both exempt CL" in resp.get_data(as_text=True)
    bad = form(CHILE, id="atlantis", countries="XA, CL", action="draft", is_new="1")
    resp = post(publisher, "/admin/visa", bad)
    assert resp.status_code == 400 and "not CLDR territories: XA" in resp.get_data(as_text=True)
    assert store.get_visa_rule("chile-again") is None and store.get_visa_rule("atlantis") is None


def test_a_stale_version_is_a_conflict(app, publisher):
    _seeded(app)
    assert post(publisher, "/admin/visa", form(CHILE, action="publish", version="1", days="80")).status_code == 302
    assert post(publisher, "/admin/visa", form(CHILE, action="publish", version="1", days="70")).status_code == 409
