"""Import and export in the workspace (webchat.admin.importexport): round trips, all or nothing, size limits."""
from __future__ import annotations

import io

import pytest

from tests.webchat.admin.workspace import PASSWORD, entry, login, post


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
    create_user(get_store(url).engine, "pat", "publisher", PASSWORD)
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

    good = entry("travel-good-one", topic="travel", en=("Is the good one good?",))
    bad = entry("travel-bad-one", topic="nonsense", en=("Is the bad one bad?",))
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


def test_import_refuses_a_phrasing_of_another_entry(app, editor):
    store = app.extensions["va_store"]
    from webchat.admin.importexport import to_csv

    # visa-test-one (in the workspace) lists "Do I need a visa for Vietnam?"
    copycat = entry("travel-copycat", topic="travel", en=("What does a taxi cost?", "Do I need a VISA for Vietnam"))
    resp = _upload(editor, to_csv([copycat]), "x.csv")
    assert resp.status_code == 400
    assert "is also a phrasing of visa-test-one" in resp.get_data(as_text=True)
    assert store.get_entry("travel-copycat") is None
    # two entries of one file that share a phrasing are refused too
    twins = [entry("travel-twin-a", topic="travel", en=("Where are the twins?",)),
             entry("travel-twin-b", topic="travel", en=("where are the twins",))]
    assert _upload(editor, to_csv(twins), "x.csv").status_code == 400
    # re-importing an entry with its own phrasings is not a conflict with itself
    own = store.get_entry("visa-test-one")["data"]
    assert _upload(editor, to_csv([own]), "x.csv").status_code == 200


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
    body = importexport.to_csv([entry("travel-a-one", topic="travel", en=("What is A?",)),
                                entry("travel-b-two", topic="travel", en=("What is B?",))])
    assert _upload(editor, body, "x.csv").status_code == 500
    assert store.get_entry("travel-a-one") is None


def test_import_accepts_a_file_the_size_of_the_whole_content(app, editor):
    """Today's full export is about 2 MB: the chat API's 64 kB body limit must not apply to the import."""
    from webchat.admin.importexport import to_csv

    many = [entry(f"travel-bulk-{n}", topic="travel", en=(f"What is bulk item {n}?",), answer_en="A long answer. " * 125)
            for n in range(300)]
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
