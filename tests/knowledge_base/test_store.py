"""The KB store on a temporary SQLite database."""
from __future__ import annotations

import datetime as dt

import pytest

from knowledge_base.store import ConflictError, Store, load_content_dir
from tests.fakes import make_entry


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path}/sub/kb.sqlite3")


def test_store_creates_parent_folder(tmp_path):
    Store(f"sqlite:///{tmp_path}/a/b/c.db")
    assert (tmp_path / "a" / "b" / "c.db").exists()


def test_seed_adds_then_keeps_unchanged(store):
    items = [make_entry("visa-a"), make_entry("visa-b")]
    assert store.seed(items) == {"added": 2, "updated": 0, "kept": 0, "archived": 0}
    assert store.seed(items) == {"added": 0, "updated": 0, "kept": 2, "archived": 0}
    row = store.get_entry("visa-a")
    assert row["status"] == "published" and row["version"] == 1 and row["updated_by"] == "seed"
    assert row["data"]["answer"]["en"] == "en answer for visa-a."


def test_seed_updates_seed_owned_entries(store):
    store.seed([make_entry("visa-a")])
    changed = make_entry("visa-a", answer_en="A corrected answer.")
    assert store.seed([changed]) == {"added": 0, "updated": 1, "kept": 0, "archived": 0}
    row = store.get_entry("visa-a")
    assert row["version"] == 2
    assert row["data"]["answer"]["en"] == "A corrected answer."


def test_seed_keeps_editor_changes(store):
    store.seed([make_entry("visa-a")])
    edited = make_entry("visa-a", answer_en="Editor wording.")
    store.save_entry(edited, status="published", author="editor@example.org", expected_version=1)
    counts = store.seed([make_entry("visa-a", answer_en="File wording.")])
    assert counts == {"added": 0, "updated": 0, "kept": 1, "archived": 0}
    row = store.get_entry("visa-a")
    assert row["data"]["answer"]["en"] == "Editor wording."
    assert row["updated_by"] == "editor@example.org" and row["version"] == 2


def test_seed_rejects_invalid_content(store):
    bad = make_entry("visa-a")
    del bad["answer"]["fr"]
    with pytest.raises(ValueError, match="invalid content"):
        store.seed([bad])
    assert store.list_entries() == []


def test_seed_normalises_yaml_dates(store):
    store.seed([make_entry("visa-a", last_reviewed=dt.date(2026, 3, 1))])
    assert store.get_entry("visa-a")["data"]["last_reviewed"] == "2026-03-01"


def test_save_entry_versions_and_conflict(store):
    data = make_entry("visa-a")
    assert store.save_entry(data, status="draft", author="ed") == 1
    assert store.save_entry(data, status="published", author="ed", expected_version=1) == 2
    with pytest.raises(ConflictError, match="version 2, not 1"):
        store.save_entry(make_entry("visa-a", answer_en="stale"), status="published", author="other",
                         expected_version=1)
    row = store.get_entry("visa-a")
    assert row["version"] == 2 and row["data"]["answer"]["en"] == "en answer for visa-a."
    assert len(store.versions("visa-a")) == 2  # the refused save recorded nothing


def test_save_new_entry_with_expected_version_zero_and_conflict_on_existing(store):
    assert store.save_entry(make_entry("visa-a"), status="draft", author="ed", expected_version=0) == 1
    with pytest.raises(ConflictError):
        store.save_entry(make_entry("visa-a"), status="draft", author="ed", expected_version=0)


def test_versions_history_newest_first(store):
    for n, text in enumerate(["one", "two", "three"], 1):
        store.save_entry(make_entry("visa-a", answer_en=text), status="draft" if n < 3 else "published",
                         author=f"author{n}")
    history = store.versions("visa-a")
    assert [v["version"] for v in history] == [3, 2, 1]
    assert [v["data"]["answer"]["en"] for v in history] == ["three", "two", "one"]
    assert [v["author"] for v in history] == ["author3", "author2", "author1"]
    assert history[0]["status"] == "published" and history[-1]["status"] == "draft"
    assert store.versions("visa-none") == []


def test_list_entries_by_status(store):
    store.save_entry(make_entry("visa-b"), status="published", author="ed")
    store.save_entry(make_entry("visa-a"), status="draft", author="ed")
    assert [r["id"] for r in store.list_entries()] == ["visa-a", "visa-b"]
    assert [r["id"] for r in store.list_entries("draft")] == ["visa-a"]
    assert store.get_entry("visa-zzz") is None


def test_published_entries_skip_drafts_and_expired(store):
    store.save_entry(make_entry("visa-live"), status="published", author="ed")
    store.save_entry(make_entry("visa-draft"), status="draft", author="ed")
    store.save_entry(make_entry("visa-old", valid_until="2024-12-31"), status="published", author="ed")
    store.save_entry(make_entry("visa-archived"), status="archived", author="ed")
    ids = {e.id for e in store.published_entries()}
    assert ids == {"visa-live"}
    # on a date before it expired, the time-limited entry is served
    ids = {e.id for e in store.published_entries(today=dt.date(2024, 12, 31))}
    assert ids == {"visa-live", "visa-old"}


def test_add_document_dedups_by_content(store):
    chunks = ["First passage " * 5, "Second passage " * 5]
    doc = store.add_document(title="T", publisher="P", url="https://a.org", language="en", chunks=chunks)
    assert isinstance(doc, int)
    again = store.add_document(title="Other title", publisher="Q", url="https://b.org", language="fr", chunks=chunks)
    assert again is None
    passages = store.all_passages()
    assert [p["text"] for p in passages] == chunks
    assert [p["ord"] for p in passages] == [0, 1]
    assert passages[0]["title"] == "T" and passages[0]["language"] == "en" and passages[0]["url"] == "https://a.org"
    other = store.add_document(title="T", publisher="P", url="https://a.org", language="en", chunks=["Different"])
    assert other is not None and other != doc
    assert len(store.all_passages()) == 3


def test_log_unanswered(store):
    store.log_unanswered(question="Q1", language="fr", reason="unknown", score=0.5, session_ref="abc")
    store.log_unanswered(question="x" * 5000, language="en", reason="declined")
    rows = store.unanswered_questions()
    assert len(rows) == 2
    assert rows[0]["reason"] == "declined" and len(rows[0]["question"]) == 2000  # newest first, truncated
    assert rows[1]["question"] == "Q1" and rows[1]["language"] == "fr" and rows[1]["score"] == 0.5
    assert rows[1]["session_ref"] == "abc" and rows[1]["resolved_at"] is None


def test_reject_suggestion_marks_only_an_open_suggestion_row(store):
    suggested = store.log_unanswered(question="visa?", language="en", reason="suggested", entry_id="visa-fee")
    declined = store.log_unanswered(question="weather?", language="en", reason="unknown")
    clicked = store.log_unanswered(question="fee?", language="en", reason="suggested", entry_id="visa-fee")
    store.resolve_unanswered(clicked, "visa-fee")
    assert store.reject_suggestion(suggested) is True
    assert store.reject_suggestion(declined) is False  # not a suggestion
    assert store.reject_suggestion(clicked) is False  # the visitor already chose one
    assert store.reject_suggestion(9999) is False
    rows = {r["id"]: r for r in store.unanswered_questions(include_resolved=True)}
    assert rows[suggested]["reason"] == "suggestion_rejected" and rows[suggested]["resolved_at"] is None
    assert rows[declined]["reason"] == "unknown" and rows[clicked]["reason"] == "suggested"


def test_record_feedback_negative_lands_in_unanswered(store):
    store.record_feedback(value=1, entry_id="visa-a", question="Do I need a visa?", language="en", session_ref="s1")
    assert store.unanswered_questions() == []
    store.record_feedback(value=-1, entry_id="visa-a", question="Do I need a visa?", language="fr", session_ref="s1")
    rows = store.unanswered_questions()
    assert len(rows) == 1
    assert rows[0]["reason"] == "thumbs_down" and rows[0]["entry_id"] == "visa-a" and rows[0]["language"] == "fr"
    from knowledge_base.store import feedback
    with store.engine.connect() as conn:
        values = [r.value for r in conn.execute(feedback.select().order_by(feedback.c.id))]
    assert values == [1, -1]


def test_record_feedback_clamps_values_and_handles_missing_question(store):
    store.record_feedback(value=5, entry_id="e", question=None, language=None, session_ref=None)
    store.record_feedback(value=-7, entry_id="e", question=None, language=None, session_ref=None)
    from knowledge_base.store import feedback
    with store.engine.connect() as conn:
        values = [r.value for r in conn.execute(feedback.select().order_by(feedback.c.id))]
    assert values == [1, -1]
    assert store.unanswered_questions() == []  # nothing to show an editor without the question


def test_load_content_dir_reads_yaml_files_in_order(tmp_path):
    (tmp_path / "b.yaml").write_text("entries:\n  - id: b1\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("entries:\n  - id: a1\n  - id: a2\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("entries:\n  - id: no\n", encoding="utf-8")
    assert [d["id"] for d in load_content_dir(tmp_path)] == ["a1", "a2", "b1"]


def test_seed_withdraws_entries_removed_from_the_files_but_not_editor_owned_ones(store):
    store.seed([make_entry("visa-a"), make_entry("visa-b")])
    store.save_entry(make_entry("visa-b", answer_en="Editor wording."), status="published", author="ed",
                     expected_version=1)
    counts = store.seed([])
    assert counts["archived"] == 1
    assert store.get_entry("visa-a")["status"] == "archived"
    assert store.get_entry("visa-b")["status"] == "published"
    assert [e.id for e in store.published_entries()] == ["visa-b"]


def test_an_entry_back_in_the_files_is_published_again_even_unchanged(store):
    # deploying an older version of the files archives it; deploying the current one again must bring it back
    store.seed([make_entry("visa-a"), make_entry("visa-b")])
    assert store.seed([make_entry("visa-a")])["archived"] == 1
    counts = store.seed([make_entry("visa-a"), make_entry("visa-b")])
    assert counts["updated"] == 1 and counts["kept"] == 1
    assert store.get_entry("visa-b")["status"] == "published"
    assert [e.id for e in store.published_entries()] == ["visa-a", "visa-b"]


# -- honest review dates ---------------------------------------------------------------------------------------
def test_stamp_review_keeps_the_date_when_the_facts_do_not_change():
    from knowledge_base.store import stamp_review

    today = dt.date(2026, 12, 2)
    old = make_entry("visa-a", last_reviewed="2026-05-01")
    same = dict(make_entry("visa-a", last_reviewed="2026-12-01"))
    same["questions"] = dict(same["questions"], en=same["questions"]["en"] + ["one more phrasing"])
    assert stamp_review(same, old, today)["last_reviewed"] == "2026-05-01"  # phrasings are not facts
    changed = make_entry("visa-a", answer_en="A new fee applies.", last_reviewed="2026-05-01")
    assert stamp_review(changed, old, today)["last_reviewed"] == "2026-12-02"
    assert stamp_review(make_entry("visa-new", last_reviewed="2026-03-03"), None, today)["last_reviewed"] == "2026-03-03"


def test_mark_reviewed_records_who_when_and_evidence(store):
    store.save_entry(make_entry("visa-a", last_reviewed="2026-01-15"), status="published", author="seed")
    version = store.mark_reviewed("visa-a", reviewer="pat", today=dt.date(2026, 12, 2),
                                  evidence_url="https://evisa.gov.vn/faq")
    row = store.get_entry("visa-a")
    assert version == 2 and row["version"] == 2 and row["status"] == "published"
    assert row["data"]["last_reviewed"] == "2026-12-02" and row["updated_by"] == "pat"
    assert row["data"]["answer"] == make_entry("visa-a")["answer"]  # nothing else changes
    [review] = store.reviews("visa-a")
    assert (review["reviewer"], review["reviewed_on"], review["evidence_url"], review["version"]) == \
        ("pat", dt.date(2026, 12, 2), "https://evisa.gov.vn/faq", 2)


def test_mark_reviewed_refuses_drafts_stale_versions_and_unknown_entries(store):
    store.save_entry(make_entry("visa-a"), status="published", author="seed")
    with pytest.raises(ConflictError):
        store.mark_reviewed("visa-a", reviewer="pat", today=dt.date(2026, 12, 2), expected_version=7)
    from knowledge_base.store import save_draft

    with store.engine.begin() as conn:
        save_draft(conn, make_entry("visa-a", answer_en="Pending wording."), author="ed", expected_version=None)
    with pytest.raises(ValueError, match="pending draft"):
        store.mark_reviewed("visa-a", reviewer="pat", today=dt.date(2026, 12, 2))
    with pytest.raises(ValueError, match="not a published"):
        store.mark_reviewed("visa-missing", reviewer="pat", today=dt.date(2026, 12, 2))
    assert store.reviews() == []


# -- visa rules: versioned and published like entries ------------------------------------------------

def _visa_seed():
    from visa.policy import load_seed

    return load_seed()


def test_visa_rules_seed_like_content_and_keep_editors_changes(store):
    seed = _visa_seed()
    assert store.seed_visa_rules(seed)["added"] == len(seed)
    assert store.seed_visa_rules(seed) == {"added": 0, "updated": 0, "kept": len(seed), "archived": 0}
    chile = store.get_visa_rule("chile-90-days")["data"]
    store.save_visa_rule(chile | {"days": 60}, status="published", author="pat", expected_version=1)
    changed = [d | {"days": 80} if d["id"] == "chile-90-days" else d for d in seed]
    assert store.seed_visa_rules(changed)["kept"] == len(seed)  # the editor owns it now
    assert store.get_visa_rule("chile-90-days")["data"]["days"] == 60
    gone = [d for d in seed if d["id"] != "panama-90-days"]
    assert store.seed_visa_rules(gone)["archived"] == 1
    assert "panama-90-days" not in {d["id"] for d in store.published_visa_rules()}


def test_a_visa_rule_draft_is_not_served_and_a_stale_version_conflicts(store):
    store.seed_visa_rules(_visa_seed())
    chile = store.get_visa_rule("chile-90-days")["data"]
    assert store.save_visa_rule(chile | {"days": 30}, status="draft", author="eddie", expected_version=1) == 2
    assert next(d for d in store.published_visa_rules() if d["id"] == "chile-90-days")["days"] == 90
    with pytest.raises(ConflictError):
        store.save_visa_rule(chile | {"days": 20}, status="published", author="pat", expected_version=1)
    assert [v["version"] for v in store.visa_rule_versions("chile-90-days")] == [2, 1]


def test_publishing_a_visa_rule_checks_it_against_the_other_published_rules(store):
    store.seed_visa_rules(_visa_seed())
    chile = store.get_visa_rule("chile-90-days")["data"]
    with pytest.raises(ValueError, match="both exempt CL"):
        store.save_visa_rule(chile | {"id": "chile-bis"}, status="published", author="pat")
    # a draft of the same rule is allowed (it is checked when it is published)
    assert store.save_visa_rule(chile | {"id": "chile-bis"}, status="draft", author="eddie") == 1
    with pytest.raises(ValueError, match="not CLDR territories"):
        store.save_visa_rule(chile | {"countries": ["ZX"]}, status="draft", author="eddie")
