"""Conversation state the gateway keeps: each session's language, and message logs for analytics.

No IP addresses are stored: logs identify a conversation only by its session id.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from knowledge_base.store import utc_now

metadata = sa.MetaData()

sessions = sa.Table(
    "chat_sessions", metadata,
    sa.Column("session_id", sa.String(128), primary_key=True),
    sa.Column("site_key", sa.String(64)),
    sa.Column("language", sa.String(8)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False, index=True),
    # what the reply path needs of the conversation, kept here so it never reads the message log (0002)
    sa.Column("turns", sa.Integer, nullable=False, server_default="0"),  # visitor messages so far
    sa.Column("last_kind", sa.String(32)),  # the kind of the assistant's last reply ("ask_nationality", ...)
    sa.Column("script", sa.String(8)),  # "Hant" when the visitor writes Traditional Chinese, "Hans" Simplified (0003)
)
messages = sa.Table(
    "chat_messages", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(128), nullable=False, index=True),
    sa.Column("direction", sa.String(4), nullable=False),  # in | out
    sa.Column("language", sa.String(8)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32)),
    sa.Column("entry_id", sa.String(120)),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
)


@dataclass(frozen=True)
class SessionState:
    """What one turn needs to know of the conversation before it is answered."""

    language: str | None = None
    turns: int = 0
    last_kind: str | None = None
    script: str | None = None  # the Chinese script the visitor writes (language.script), None until seen


class Conversations:
    """Reads and writes the chat tables through the shared SQLAlchemy engine.

    A turn reads the session row once (state) and writes it once (end_turn) on the reply path; the message
    log rows of the turn are written together by log_turn, which the gateway runs after the reply has been
    sent (webchat.chat), so the visitor never waits for them and nothing on the reply path reads them.
    """

    def __init__(self, engine: sa.engine.Engine):
        self.engine = engine  # the store's engine: its tables were migrated when the store opened

    def state(self, session_id: str) -> SessionState:
        """The session's language, turn count, last reply kind and Chinese script (a new session: all empty)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sessions.c.language, sessions.c.turns, sessions.c.last_kind, sessions.c.script)
                               .where(sessions.c.session_id == session_id)).first()
        return SessionState(row[0], row[1] or 0, row[2], row[3]) if row else SessionState()

    def language(self, session_id: str) -> str | None:
        """The session's current language, or None for a new session."""
        return self.state(session_id).language

    def end_turn(self, session_id: str, *, language: str | None, site_key: str | None,
                 last_kind: str | None, script: str | None = None) -> None:
        """Count one visitor message; set the language, the last reply's kind and the Chinese script when given."""
        now = utc_now()
        values = {"turns": sessions.c.turns + 1, "updated_at": now}
        if language:
            values["language"] = language
        if last_kind:
            values["last_kind"] = last_kind
        if script:
            values["script"] = script
        for attempt in range(2):
            try:
                with self.engine.begin() as conn:
                    if conn.execute(sessions.update().where(sessions.c.session_id == session_id)
                                    .values(**values)).rowcount:
                        return
                    conn.execute(sessions.insert().values(session_id=session_id, site_key=site_key,
                                                          language=language, turns=1, last_kind=last_kind,
                                                          script=script, created_at=now, updated_at=now))
                    return
            except sa.exc.IntegrityError:
                if attempt:  # two first messages of one session raced: the other made the row, update it
                    raise

    def log_turn(self, session_id: str, rows: list[dict]) -> None:
        """Append a turn's messages to the log in one transaction; each row has direction, text, language
        and optionally kind and entry_id."""
        if not rows:
            return
        now = utc_now()
        with self.engine.begin() as conn:
            conn.execute(messages.insert(), [
                {"session_id": session_id, "direction": r["direction"], "text": r["text"][:4000],
                 "language": r.get("language"), "kind": r.get("kind"), "entry_id": r.get("entry_id"),
                 "created_at": now} for r in rows])
