"""webchat.conversations and the gateway's use of it: one read and one write of the session row per turn on
the reply path; the message log rows are written together once the response has been sent."""
from __future__ import annotations

import sqlalchemy as sa

from knowledge_base.store import Store
from webchat.conversations import Conversations, SessionState, messages


def _logged(engine, sid: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(messages.c.direction, messages.c.text, messages.c.kind)
                                               .where(messages.c.session_id == sid).order_by(messages.c.id))]


def test_a_new_session_has_an_empty_state_and_each_turn_counts(tmp_path):
    conv = Conversations(Store(f"sqlite:///{tmp_path}/c.db").engine)
    assert conv.state("s") == SessionState()
    conv.end_turn("s", language="vi", site_key="demo", last_kind="ask_nationality")
    assert conv.state("s") == SessionState("vi", 1, "ask_nationality")
    conv.end_turn("s", language=None, site_key="demo", last_kind=None)  # Rasa was down: only the count moves
    assert conv.state("s") == SessionState("vi", 2, "ask_nationality")
    assert conv.language("s") == "vi"


def test_a_turn_is_logged_in_one_go(tmp_path):
    conv = Conversations(Store(f"sqlite:///{tmp_path}/c.db").engine)
    conv.log_turn("s", [{"direction": "in", "text": "hi"},
                        {"direction": "out", "text": "x" * 5000, "kind": "answer", "entry_id": "e"}])
    rows = _logged(conv.engine, "s")
    assert [r[0] for r in rows] == ["in", "out"] and len(rows[1][1]) == 4000
    conv.log_turn("s", [])
    assert len(_logged(conv.engine, "s")) == 2


def test_the_log_is_written_after_the_response_is_sent(app, client, rasa):
    engine = app.extensions["va_conversations"].engine
    resp = client.post("/api/v1/chat", json={"session_id": "late", "message": "When is Tet?"})
    assert resp.status_code == 200
    # the session row (language, turn) is on the reply path; the log rows are not, yet
    assert app.extensions["va_conversations"].state("late").turns == 1
    assert _logged(engine, "late") == []
    resp.close()  # waitress closes the response after its last byte
    assert _logged(engine, "late") == [("in", "When is Tet?", None), ("out", "Hello!", "answer")]


def test_a_failed_log_write_does_not_fail_the_reply(app, client, rasa, monkeypatch):
    conv = app.extensions["va_conversations"]

    def broken(*_a, **_k):
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(conv, "log_turn", broken)
    resp = client.post("/api/v1/chat", json={"session_id": "full", "message": "When is Tet?"})
    assert resp.status_code == 200 and resp.get_json()["messages"][0]["text"] == "Hello!"
    resp.close()
    assert conv.state("full").turns == 1


def test_the_message_after_an_unavailable_rasa_is_still_logged(app, client, rasa):
    rasa.down = True
    resp = client.post("/api/v1/chat", json={"session_id": "down", "message": "When is Tet?"})
    assert resp.status_code == 503
    resp.close()
    assert _logged(app.extensions["va_conversations"].engine, "down") == [("in", "When is Tet?", None)]
    assert app.extensions["va_conversations"].state("down").turns == 1
