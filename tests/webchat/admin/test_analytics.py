"""The analytics page and its CSV tables (webchat.admin.analytics)."""
from __future__ import annotations

import datetime as dt


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
