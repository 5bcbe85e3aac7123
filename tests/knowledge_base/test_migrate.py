"""knowledge_base.migrate: Alembic revisions build, complete and keep the one database, and match the models."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from knowledge_base import migrate, store


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _model_tables() -> set[str]:
    return {name for md in migrate.target_metadata() for name in md.tables}


def test_a_new_database_gets_every_table_at_the_latest_revision(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path}/new.db")
    migrate.upgrade(engine)
    assert _model_tables() <= _tables(engine)
    assert migrate.current(engine) == migrate._config()[1]
    migrate.upgrade(engine)  # a second time changes nothing
    assert migrate.current(engine) == migrate._config()[1]


def test_a_database_made_before_migrations_is_completed_and_keeps_its_rows(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path}/old.db")
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


def test_the_migrations_describe_exactly_the_models(tmp_path):
    # a model changed without a new revision would show here (alembic revision --autogenerate makes one)
    engine = sa.create_engine(f"sqlite:///{tmp_path}/cmp.db")
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
