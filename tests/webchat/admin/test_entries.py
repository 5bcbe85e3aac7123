"""Editing entries in the workspace (webchat.admin.entries): drafts, publishing, conflicts, history, diff,
rollback and preview."""
from __future__ import annotations

import pytest

from knowledge_base import index as index_mod
from tests.webchat.admin.workspace import entry, form_for, post


def _kb(app):
    return app.extensions["va_admin_kb"]


def _served_ids(app):
    loaded = index_mod.load(_kb(app).config.index_dir, _kb(app).encoder)
    return set(loaded.entries)


def test_editor_creates_draft_publisher_publishes(app, editor, publisher):
    store = app.extensions["va_store"]
    data = entry("visa-new-rule", fr=("Quelle est la nouvelle règle ?", "La nouvelle règle."),
                 en=("What is the new visa rule?",))
    resp = post(editor, "/admin/entries/save", form_for(data, is_new=True))
    assert resp.status_code == 302
    assert store.get_entry("visa-new-rule")["status"] == "draft"
    assert "visa-new-rule" not in {e.id for e in store.published_entries()}
    assert "visa-new-rule" not in _served_ids(app)
    page = publisher.get("/admin/entries/visa-new-rule/edit").get_data(as_text=True)
    assert "Publish" in page
    version = store.get_entry("visa-new-rule")["version"]
    resp = post(publisher, "/admin/entries/visa-new-rule/publish", {"version": str(version)})
    assert resp.status_code == 302
    assert store.get_entry("visa-new-rule")["status"] == "published"
    assert "visa-new-rule" in _served_ids(app)
    look = _kb(app).lookup("Quelle est la nouvelle règle ?", "fr")
    assert look.status == "answered" and look.hits[0].entry.id == "visa-new-rule"
    actions = publisher.get("/admin/audit?entry_id=visa-new-rule").get_data(as_text=True)
    assert "entry.draft" in actions and "entry.publish" in actions


def test_draft_of_published_entry_keeps_serving_published_text(app, editor, publisher):
    store = app.extensions["va_store"]
    row = store.get_entry("visa-test-one")
    changed = dict(row["data"], answer=dict(row["data"]["answer"], en="DRAFT TEXT not yet public."))
    assert post(editor, "/admin/entries/save", form_for(changed, version=row["version"])).status_code == 302
    served = {e.id: e for e in store.published_entries()}["visa-test-one"]
    assert served.answer["en"] == "Answer for visa-test-one."
    # the editor sees the draft, the list flags it
    assert "DRAFT TEXT" in editor.get("/admin/entries/visa-test-one/edit").get_data(as_text=True)
    assert "draft pending" in editor.get("/admin/entries").get_data(as_text=True)
    assert "draft pending" in editor.get("/admin/entries?status=draft").get_data(as_text=True)
    new_version = store.get_entry("visa-test-one")["version"]
    assert post(publisher, "/admin/entries/visa-test-one/publish", {"version": new_version}).status_code == 302
    served = {e.id: e for e in store.published_entries()}["visa-test-one"]
    assert served.answer["en"] == "DRAFT TEXT not yet public."


def test_concurrent_edit_conflict_409(app, editor, publisher):
    store = app.extensions["va_store"]
    row = store.get_entry("visa-test-one")
    mine = dict(row["data"], answer={"en": "Editor one's answer."})
    theirs = dict(row["data"], answer={"en": "Editor two's answer."})
    assert post(editor, "/admin/entries/save", form_for(mine, version=row["version"])).status_code == 302
    resp = post(publisher, "/admin/entries/save", form_for(theirs, version=row["version"]))
    assert resp.status_code == 409
    page = resp.get_data(as_text=True)
    assert "Conflict" in page and "NOT saved" in page and "Editor two&#39;s answer." in page
    assert store.versions("visa-test-one")[0]["data"]["answer"]["en"] == "Editor one's answer."
    # creating an id that exists is a conflict too
    assert post(editor, "/admin/entries/save", form_for(entry("visa-test-one"), is_new=True)).status_code == 409


def test_validation_errors_shown(editor, app):
    bad = entry("Bad Id", related=["does-not-exist"])
    resp = post(editor, "/admin/entries/save", form_for(bad, is_new=True))
    assert resp.status_code == 400
    assert "kebab-case" in resp.get_data(as_text=True)


def test_a_phrasing_of_another_entry_is_refused(editor, app):
    store = app.extensions["va_store"]
    # visa-test-one lists "Do I need a visa for Vietnam?"; the same words in another order and case are the same
    copycat = entry("visa-copycat", en=("What does a visa cost?", "do I need a visa for VIETNAM"))
    resp = post(editor, "/admin/entries/save", form_for(copycat, is_new=True))
    assert resp.status_code == 400
    assert "is also a phrasing of visa-test-one" in resp.get_data(as_text=True)
    assert store.get_entry("visa-copycat") is None
    # the entry's own phrasings are not a conflict when it is saved again
    row = store.get_entry("visa-test-one")
    assert post(editor, "/admin/entries/save", form_for(row["data"], version=row["version"])).status_code == 302


def test_a_relations_entry_whose_id_names_no_country_is_refused(editor, app):
    # the ranking reads the partner from the id: "brasil" (Portuguese) names no country it knows, "brazil" does
    bad = entry("policy-relations-brasil", en=("How are Viet Nam's relations with Brazil?",))
    resp = post(editor, "/admin/entries/save", form_for(bad, is_new=True))
    assert resp.status_code == 400
    assert "English name" in resp.get_data(as_text=True)
    assert app.extensions["va_store"].get_entry("policy-relations-brasil") is None
    good = entry("policy-relations-brazil", en=("How are Viet Nam's relations with Brazil?",))
    assert post(editor, "/admin/entries/save", form_for(good, is_new=True)).status_code == 302


def test_history_diff_escaped_and_rollback(app, editor, publisher):
    store = app.extensions["va_store"]
    row = store.get_entry("visa-test-one")
    evil = dict(row["data"], answer={"en": "<script>alert(1)</script> new"})
    post(editor, "/admin/entries/save", form_for(evil, version=row["version"]))
    v = store.get_entry("visa-test-one")["version"]
    post(publisher, "/admin/entries/visa-test-one/publish", {"version": v})
    versions = store.versions("visa-test-one")
    assert [x["status"] for x in versions] == ["published", "draft", "published"]
    hist = publisher.get("/admin/entries/visa-test-one/history").get_data(as_text=True)
    assert "Roll back to this" in hist
    diff = publisher.get(f"/admin/entries/visa-test-one/diff?a=1&b={versions[0]['version']}").get_data(as_text=True)
    assert "&lt;script&gt;" in diff and "<script>alert" not in diff
    edit = publisher.get("/admin/entries/visa-test-one/edit").get_data(as_text=True)
    assert "<script>alert" not in edit
    current = store.get_entry("visa-test-one")["version"]
    resp = post(publisher, "/admin/entries/visa-test-one/rollback", {"to": "1", "version": current})
    assert resp.status_code == 302
    after = store.versions("visa-test-one")[0]
    assert after["version"] == current + 1 and after["status"] == "published"
    assert after["data"] == versions[-1]["data"]
    assert _kb(app).index().entries["visa-test-one"].answer["en"] == "Answer for visa-test-one."
    # a stale rollback is refused
    assert post(publisher, "/admin/entries/visa-test-one/rollback", {"to": "1", "version": 1}).status_code == 409


def test_preview_live_and_with_draft(app, editor):
    store = app.extensions["va_store"]
    row = store.get_entry("culture-test-tet")
    draft = dict(row["data"], questions={"en": ["When is Tet?"], "fr": ["Quand est le Têt cette année ?"]},
                 answer={"en": "Tet answer.", "fr": "Le Têt tombe en février."})
    post(editor, "/admin/entries/save", form_for(draft, version=row["version"]))
    page = editor.get("/admin/entries/culture-test-tet/edit?preview_q=Quand est le Têt cette année ?")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Live index" in text and "With this draft" in text
    assert "Le Têt tombe en février." in text  # only the draft knows it
    assert "(this draft)" in text
    live = editor.get("/admin/preview?q=Do I need a visa for Vietnam?").get_data(as_text=True)
    assert "answered" in live and "Answer for visa-test-one." in live


def test_list_filters(app, editor):
    store = app.extensions["va_store"]
    store.save_entry(entry("travel-old-info", topic="travel", last_reviewed="2024-01-01", valid_until="2025-01-01"),
                     status="published", author="seed")
    page = editor.get("/admin/entries?status=expired").get_data(as_text=True)
    assert "travel-old-info" in page and "visa-test-one" not in page
    page = editor.get("/admin/entries?review=1").get_data(as_text=True)
    assert "travel-old-info" in page and "culture-test-tet" not in page
    page = editor.get("/admin/entries?missing=fr").get_data(as_text=True)
    assert "culture-test-tet" in page and "visa-test-one" not in page
    page = editor.get("/admin/entries?topic=culture&q=tet").get_data(as_text=True)
    assert "culture-test-tet" in page and "visa-test-one" not in page


def test_draft_preview_reuses_the_index_embedding_cache(app, fake_encoder):
    from knowledge_base.schema import Entry
    from webchat.admin.kbtools import preview

    kb = _kb(app)
    draft = Entry.from_dict(kb.store.get_entry("visa-test-one")["data"])
    preview(kb, "Do I need a visa for Vietnam?", draft)  # the live index already encoded this entry's texts
    before = fake_encoder.calls
    preview(kb, "Do I need a visa for Vietnam?", draft)
    assert fake_encoder.calls - before <= 2  # only the question itself, not the draft's phrasings


def test_archive_and_expired_are_not_served(app, publisher):
    store = app.extensions["va_store"]
    assert post(publisher, "/admin/entries/culture-test-tet/archive").status_code == 302
    assert store.get_entry("culture-test-tet")["status"] == "archived"
    assert "culture-test-tet" not in _served_ids(app)
    store.save_entry(entry("travel-expired", topic="travel", valid_until="2026-01-01"), status="published",
                     author="seed")
    _kb(app).rebuild(seed=False)
    assert "travel-expired" not in _served_ids(app)
    assert "expired" in publisher.get("/admin/entries?status=expired").get_data(as_text=True)


def test_error_pages_are_html_for_staff(editor):
    resp = post(editor, "/admin/entries/visa-test-one/publish", {"version": "1"})
    assert resp.status_code == 403 and "text/html" in resp.content_type and "Only publishers" in resp.get_data(as_text=True)
    assert editor.get("/admin/entries/nope/edit").status_code == 404


def test_draft_score_matches_live_score_for_unchanged_entry(app):
    from knowledge_base.schema import Entry
    from webchat.admin.kbtools import preview

    kb = _kb(app)
    live_entry = kb.index().entries["visa-test-one"]
    q = "Do I need a visa for Vietnam?"
    live = preview(kb, q)
    same = preview(kb, q, draft=Entry.from_dict(live_entry.as_dict()))
    assert live["hits"][0]["id"] == same["hits"][0]["id"] == "visa-test-one"
    assert abs(live["hits"][0]["score"] - same["hits"][0]["score"]) < 1e-4
    assert same["status"] == live["status"] == "answered"


def test_an_unchanged_draft_previews_exactly_as_live_chat(app, fake_encoder):
    # the draft's hit carries the live classifier's probability for its id, so nothing but the draft differs
    from knowledge_base.schema import Entry
    from webchat.admin.kbtools import preview

    kb = _kb(app)
    draft = Entry.from_dict(kb.store.get_entry("visa-test-one")["data"])
    live = preview(kb, "Do I need a visa for Vietnam?")
    drafted = preview(kb, "Do I need a visa for Vietnam?", draft)
    assert live["hits"][0]["id"] == drafted["hits"][0]["id"] == "visa-test-one" and drafted["hits"][0]["draft"]
    assert drafted["hits"][0]["score"] == pytest.approx(live["hits"][0]["score"], abs=1e-5)
    assert drafted["status"] == live["status"] and drafted["confidence"] == pytest.approx(live["confidence"])


@pytest.mark.parametrize("question", ["DO I NEED A VISA FOR VIETNAM?", "去越南需要簽證嗎？"])
def test_an_unchanged_draft_previews_a_shouted_or_traditional_question_as_live_chat(app, fake_encoder, question):
    # the draft is scored on the question as live search reads it (sentence case, Simplified characters)
    from knowledge_base.schema import Entry
    from webchat.admin.kbtools import preview

    kb = _kb(app)
    draft = Entry.from_dict(kb.store.get_entry("visa-test-one")["data"])
    live = preview(kb, question)
    drafted = preview(kb, question, draft)
    live_score = next(h["score"] for h in live["hits"] if h["id"] == "visa-test-one")
    drafted_score = next(h["score"] for h in drafted["hits"] if h["id"] == "visa-test-one")
    assert drafted_score == pytest.approx(live_score, abs=1e-5)


def test_a_new_drafts_preview_reaches_the_decision_live_chat_will_reach_once_it_is_published(app, fake_encoder):
    # the draft's classifier probability comes from the live classifier refitted with its phrasings, so a new entry
    # is not previewed as less certain than it will be
    from knowledge_base.schema import Entry
    from webchat.admin.kbtools import preview

    kb = _kb(app)
    data = dict(kb.store.get_entry("visa-test-one")["data"], id="travel-test-new-cat", topic="travel",
                questions={"en": ["Can I bring my cat into Vietnam?"]}, answer={"en": "Cats need a health certificate."})
    drafted = preview(kb, "Can I bring my cat into Vietnam?", Entry.from_dict(data))
    top = drafted["hits"][0]
    assert top["id"] == "travel-test-new-cat" and top["draft"]
    kb.store.save_entry(data, status="published", author="test")
    kb.rebuild(seed=False)
    live = preview(kb, "Can I bring my cat into Vietnam?")
    assert live["hits"][0]["id"] == "travel-test-new-cat"
    assert drafted["status"] == live["status"]
    # the score includes 0.1 x the classifier's probability: without the refit the draft's would lack it
    assert drafted["hits"][0]["score"] == pytest.approx(live["hits"][0]["score"], abs=0.02)
    assert drafted["confidence"] == pytest.approx(live["confidence"], abs=0.05)
