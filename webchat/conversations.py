"""Conversation state the gateway keeps: each session's language, and message logs for analytics.

No IP addresses are stored: logs identify a conversation only by its session id.
"""
from __future__ import annotations


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


class Conversations:
    """Reads and writes the chat tables through the shared SQLAlchemy engine."""

    def __init__(self, engine: sa.engine.Engine):
        self.engine = engine  # the store's engine: its tables were migrated when the store opened

    def language(self, session_id: str) -> str | None:
        """The session's current language, or None for a new session."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sessions.c.language).where(sessions.c.session_id == session_id)).first()
        return row[0] if row else None

    def last_reply_kind(self, session_id: str) -> str | None:
        """The kind of the assistant's last message in a session ("ask_nationality", "answer", ...)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(messages.c.kind).where(messages.c.session_id == session_id,
                                                                messages.c.direction == "out")
                               .order_by(messages.c.id.desc()).limit(1)).first()
        return row[0] if row else None

    def turns(self, session_id: str) -> int:
        """How many visitor messages the session has had (an index range on session_id)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(messages)
                                .where(messages.c.session_id == session_id, messages.c.direction == "in")).scalar() or 0

    def set_language(self, session_id: str, language: str, site_key: str | None = None) -> None:
        """Create the session if needed and set its language."""
        now = utc_now()
        with self.engine.begin() as conn:
            updated = conn.execute(sessions.update().where(sessions.c.session_id == session_id)
                                   .values(language=language, updated_at=now)).rowcount
            if not updated:
                conn.execute(sessions.insert().values(session_id=session_id, site_key=site_key, language=language,
                                                      created_at=now, updated_at=now))

    def log(self, session_id: str, direction: str, text: str, language: str | None,
            kind: str | None = None, entry_id: str | None = None) -> None:
        """Append one message to the conversation log."""
        with self.engine.begin() as conn:
            conn.execute(messages.insert().values(session_id=session_id, direction=direction, text=text[:4000],
                                                  language=language, kind=kind, entry_id=entry_id,
                                                  created_at=utc_now()))
