"""The workspace home ("Needs attention") and "Mark reviewed"; honest review dates on save and import."""
from __future__ import annotations

import datetime as dt
import io

from tests.webchat.admin.workspace import entry, form_for, post


def _today(app, day="2026-12-02"):
    app.config["ADMIN_TODAY"] = dt.date.fromisoformat(day)


def test_home_lists_what_needs_attention(app, publisher):
    _today(app)
    store = app.extensions["va_store"]
    store.save_entry(entry("invest-stale-fee", topic="investment", answer_en="The fee is US$25, scheduled for "
                           "1 March 2026, per the General Department of Taxation.",
                           valid_until="2026-12-31"), status="published", author="seed")
    html = publisher.get("/admin/").get_data(as_text=True)
    row = html[html.index('id="attn-invest-stale-fee"'):]
    row = row[:row.index("</tr>")]
    for label in ("Source is a home page", "Past date written as future", "Former agency name",
                  "Expires within 60 days", "Mark reviewed"):
        assert label in row, label
    assert "Changeable facts" not in row  # it has valid_until


def test_mark_reviewed_dates_the_entry_today_and_records_the_reviewer(app, publisher):
    _today(app)
    store = app.extensions["va_store"]
    before = store.get_entry("visa-test-one")
    resp = post(publisher, "/admin/entries/visa-test-one/review",
                {"version": before["version"], "evidence_url": "https://evisa.gov.vn/faq"})
    assert resp.status_code == 302
    row = store.get_entry("visa-test-one")
    assert row["data"]["last_reviewed"] == "2026-12-02" and row["version"] == before["version"] + 1
    assert row["data"]["answer"] == before["data"]["answer"]
    [review] = store.reviews("visa-test-one")
    assert review["reviewer"] == "pat" and review["evidence_url"] == "https://evisa.gov.vn/faq"
    home = publisher.get("/admin/").get_data(as_text=True)
    assert "Recently reviewed" in home and "https://evisa.gov.vn/faq" in home
    # the served index carries the new date
    kb = app.extensions["va_admin_kb"]
    assert kb.index().entries["visa-test-one"].last_reviewed == dt.date(2026, 12, 2)


def test_mark_reviewed_is_for_publishers_and_checks_its_input(app, editor, publisher):
    _today(app)
    assert post(editor, "/admin/entries/visa-test-one/review", {}).status_code == 403
    assert post(publisher, "/admin/entries/visa-test-one/review", {"evidence_url": "javascript:alert(1)"}
                ).status_code == 400
    assert post(publisher, "/admin/entries/no-such-entry/review", {}).status_code == 404
    assert post(publisher, "/admin/entries/visa-test-one/review", {"version": "99"}).status_code == 409
    assert app.extensions["va_store"].reviews() == []


def test_saving_changed_facts_dates_today_and_phrasings_keep_the_date(app, editor):
    _today(app)
    store = app.extensions["va_store"]
    row = store.get_entry("visa-test-one")
    data = dict(row["data"], last_reviewed="2020-01-01")  # the form cannot backdate it
    data["questions"] = dict(data["questions"], en=data["questions"]["en"] + ["Is a visa needed?"])
    assert post(editor, "/admin/entries/save", form_for(data, version=row["version"])).status_code == 302
    draft = store.versions("visa-test-one")[0]
    assert draft["status"] == "draft" and draft["data"]["last_reviewed"] == "2026-11-01"
    data["answer"] = dict(data["answer"], en="A corrected answer.")
    assert post(editor, "/admin/entries/save", form_for(data, version=draft["version"])).status_code == 302
    assert store.versions("visa-test-one")[0]["data"]["last_reviewed"] == "2026-12-02"


def test_import_that_changes_nothing_keeps_review_dates(app, publisher):
    _today(app, "2027-02-01")
    from webchat.admin.importexport import to_yaml

    store = app.extensions["va_store"]
    exported = to_yaml([dict(r["data"], last_reviewed="2027-01-31") for r in store.list_entries()])
    resp = post(publisher, "/admin/import", {"publish": "1", "file": (io.BytesIO(exported.encode()), "e.yaml")},
                content_type="multipart/form-data")
    assert resp.status_code == 200 and "2 unchanged" in resp.get_data(as_text=True)
    assert store.get_entry("visa-test-one")["data"]["last_reviewed"] == "2026-11-01"


def test_a_new_entry_is_dated_today_without_typing_a_date(app, editor):
    _today(app)
    data = entry("travel-new-tip", topic="travel", en=("Is tap water safe?",))
    data["last_reviewed"] = ""  # the field is read-only in the form
    assert post(editor, "/admin/entries/save", form_for(data, is_new=True)).status_code == 302
    assert app.extensions["va_store"].versions("travel-new-tip")[0]["data"]["last_reviewed"] == "2026-12-02"
