"""knowledge_base.migrate: Alembic revisions build, complete and keep the one database, and match the models.

Every test runs on SQLite (`make run`) and on a real PostgreSQL 15 (the scaled profile), which this module
starts itself from Debian's package on a loopback port, in a fresh database per test.
"""
from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from knowledge_base import migrate, store
from webchat import conversations

_PG_PORT = int(os.environ.get("VA_SCALED_PORT_BASE", "8280")) + 60
_names = itertools.count()


@pytest.fixture(scope="module")
def postgres():
    """One PostgreSQL cluster for the module (initdb, pg_ctl start), stopped and removed at the end."""
    from stack.services import PostgreSQL

    folder = Path(tempfile.mkdtemp(prefix="va-migrate-pg-"))  # reachable by the postgres user
    pg = PostgreSQL(folder, port=_PG_PORT)
    pg.start()
    yield pg
    pg.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.scaled)])
def engine(request, tmp_path):
    """An empty database of each kind."""
    if request.param == "sqlite":
        eng = sa.create_engine(f"sqlite:///{tmp_path}/t.db")
    else:
        pg = request.getfixturevalue("postgres")
        name = f"migrate_{os.getpid()}_{next(_names)}"
        pg.create_database(name)
        eng = sa.create_engine(pg.url(name))
    yield eng
    eng.dispose()


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _model_tables() -> set[str]:
    return {name for md in migrate.target_metadata() for name in md.tables}


def _upgrade_to(engine, revision: str) -> None:
    cfg, _head = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_a_new_database_gets_every_table_at_the_latest_revision(engine):
    migrate.upgrade(engine)
    assert _model_tables() <= _tables(engine)
    assert migrate.current(engine) == migrate._config()[1]
    migrate.upgrade(engine)  # a second time changes nothing
    assert migrate.current(engine) == migrate._config()[1]


def test_a_database_made_before_migrations_is_completed_and_keeps_its_rows(engine):
    store.metadata.create_all(engine)  # what `knowledge_base build` made before: the store's tables only
    with engine.begin() as conn:
        conn.execute(store.entries.insert().values(id="visa-x", topic="visa", status="published", version=3,
                                                   data="{}", updated_at=store.utc_now(), updated_by="seed"))
    assert "chat_messages" not in _tables(engine)
    migrate.upgrade(engine)
    assert _model_tables() <= _tables(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.select(store.entries.c.version).where(store.entries.c.id == "visa-x")).scalar() == 3
    assert migrate.current(engine) == migrate._config()[1]


def test_session_state_is_filled_in_from_the_log_of_older_conversations(engine):
    # revision 0002 moved the turn count and the last reply's kind onto the session row
    _upgrade_to(engine, "0001")
    now = store.utc_now()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO chat_sessions (session_id, language, created_at, updated_at) "
                             "VALUES ('old', 'fr', :t, :t), ('quiet', 'en', :t, :t)"), {"t": now})
        for direction, kind in (("in", None), ("out", "answer"), ("in", None), ("out", "ask_nationality")):
            conn.execute(sa.text("INSERT INTO chat_messages (session_id, direction, text, kind, created_at) "
                                 "VALUES ('old', :d, 'x', :k, :t)"), {"d": direction, "k": kind, "t": now})
    migrate.upgrade(engine)
    conv = conversations.Conversations(engine)
    assert conv.state("old") == conversations.SessionState("fr", 2, "ask_nationality")
    assert conv.state("quiet") == conversations.SessionState("en", 0, None)
    conv.end_turn("old", language=None, site_key="demo", last_kind="answer")
    assert conv.state("old") == conversations.SessionState("fr", 3, "answer")


def test_the_chinese_script_column_starts_empty_for_older_conversations(engine):
    # revision 0003 added the script a visitor writes (Traditional Chinese replies after a button, too)
    _upgrade_to(engine, "0002")
    now = store.utc_now()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO chat_sessions (session_id, language, created_at, updated_at, turns) "
                             "VALUES ('old', 'zh', :t, :t, 4)"), {"t": now})
    migrate.upgrade(engine)
    conv = conversations.Conversations(engine)
    assert conv.state("old") == conversations.SessionState("zh", 4, None, None)
    conv.end_turn("old", language="zh", site_key="demo", last_kind="answer", script="Hant")
    assert conv.state("old").script == "Hant"
    conv.end_turn("old", language="zh", site_key="demo", last_kind="answer")  # a turn without Chinese keeps it
    assert conv.state("old") == conversations.SessionState("zh", 6, "answer", "Hant")


def test_the_migrations_describe_exactly_the_models(engine):
    # a model changed without a new revision would show here (alembic revision --autogenerate makes one)
    migrate.upgrade(engine)
    combined = sa.MetaData()
    for md in migrate.target_metadata():
        for table in md.tables.values():
            table.to_metadata(combined)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), combined)
    assert diff == [], diff


def test_the_store_the_workspace_and_the_chat_log_open_through_migrations(tmp_path):
    s = store.Store(f"sqlite:///{tmp_path}/app.db")
    assert migrate.current(s.engine) == migrate._config()[1]
    assert {"kb_entries", "admin_users", "chat_messages"} <= _tables(s.engine)
