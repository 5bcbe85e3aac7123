"""The glossary in the workspace: editors save terms, publishers publish them into the live index."""
from __future__ import annotations

from knowledge_base import index as index_mod
from tests.webchat.admin.workspace import post

TERM = {"id": "irc", "match": "IRC, Investment Registration Certificate",
        "expand_en": "Investment Registration Certificate", "expand_fr": "certificat d'enregistrement"}


def _live_glossary(app):
    kb = app.extensions["va_admin_kb"]
    return index_mod.load(kb.config.index_dir, kb.encoder).glossary


def test_editor_saves_a_term_and_a_publisher_publishes_it(app, editor, publisher):
    assert post(editor, "/admin/glossary", TERM).status_code == 302
    saved = app.extensions["va_store"].glossary_terms()
    assert [(t["id"], t["match"], t["expand"]["fr"], t["updated_by"]) for t in saved] == \
        [("irc", ["IRC", "Investment Registration Certificate"], "certificat d'enregistrement", "eddie")]
    assert _live_glossary(app) == []  # not live before publishing
    assert "IRC" in editor.get("/admin/glossary").get_data(as_text=True)
    assert post(editor, "/admin/glossary/publish").status_code == 403  # editors cannot publish
    assert post(publisher, "/admin/glossary/publish").status_code == 302
    assert [t["id"] for t in _live_glossary(app)] == ["irc"]
    kb = app.extensions["va_admin_kb"]
    assert kb.glossary(kb.index()).expand("What is the IRC?", "fr") == "What is the IRC? (certificat d'enregistrement)"


def test_invalid_term_is_refused_with_the_reason(app, editor):
    resp = post(editor, "/admin/glossary", {"id": "Bad Id", "match": "", "expand_en": ""})
    assert resp.status_code == 400
    assert "Not saved" in resp.get_data(as_text=True)
    assert app.extensions["va_store"].glossary_terms() == []


def test_only_publishers_delete_terms(app, editor, publisher):
    post(editor, "/admin/glossary", TERM)
    assert post(editor, "/admin/glossary/irc/delete").status_code == 403
    assert post(publisher, "/admin/glossary/irc/delete").status_code == 302
    assert app.extensions["va_store"].glossary_terms() == []
    assert post(publisher, "/admin/glossary/irc/delete").status_code == 404
