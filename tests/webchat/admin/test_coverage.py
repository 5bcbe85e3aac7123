"""Translation coverage (webchat.admin.coverage): which languages of each entry are missing or stale."""
from __future__ import annotations

from tests.webchat.admin.workspace import form_for, post
from webchat.admin.coverage import coverage


def test_coverage_missing_and_stale(app, editor):
    store = app.extensions["va_store"]
    row = store.get_entry("visa-test-one")
    changed = dict(row["data"], answer=dict(row["data"]["answer"], en="English changed later."))
    post(editor, "/admin/entries/save", form_for(changed, version=row["version"]))
    cells = {r["id"]: r["cells"] for r in coverage(store.engine)}
    assert cells["visa-test-one"]["fr"] == "stale"
    assert cells["visa-test-one"]["de"] == "missing"
    assert cells["culture-test-tet"]["en"] == "ok"
    csv_text = editor.get("/admin/coverage?format=csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "id,topic,en,fr,es,de,ru,zh,ja,ko,vi"
    assert "stale" in editor.get("/admin/coverage").get_data(as_text=True)
