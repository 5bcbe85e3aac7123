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


def test_suggestion_funnel_counts_what_visitors_did_after_did_you_mean(app, editor):
    from webchat.conversations import messages, sessions

    store = app.extensions["va_store"]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    flows = {  # session: (language, what followed the suggestion)
        "c1": ("en", '/choose_entry{"entry_id": "visa-test-one"}'), "c2": ("en", "/none_of_these"),
        "c3": ("fr", "Et le prix ?"), "c4": ("fr", None), "c5": ("ja", '/choose_entry{"entry_id": "x"}')}
    with store.engine.begin() as conn:
        for sid, (lang, after) in flows.items():
            conn.execute(sessions.insert().values(session_id=sid, language=lang, created_at=now, updated_at=now))
            rows = [("in", None, "visa"), ("out", "suggest", "Did you mean…?")]
            rows += [("in", None, after), ("out", "answer", "…")] if after else []
            for n, (direction, kind, text) in enumerate(rows):
                conn.execute(messages.insert().values(session_id=sid, direction=direction, language=lang, text=text,
                                                      kind=kind, created_at=now + dt.timedelta(seconds=n)))
    csv = editor.get("/admin/analytics?table=suggestions&format=csv").get_data(as_text=True).splitlines()
    assert csv[0] == "language,shown,chose one,none of these,typed something else,left,chose_percent"
    assert csv[1:] == ["(all),5,2,1,1,1,40.0", "en,2,1,1,0,0,50.0", "fr,2,0,0,1,1,0.0", "ja,1,1,0,0,0,100.0"]
    assert "what visitors did next" in editor.get("/admin/analytics").get_data(as_text=True)
