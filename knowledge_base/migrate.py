"""Schema migrations (Alembic, `migrations/`) for the one database the store, workspace and logs share.

Every process that opens the database calls upgrade(engine) first: a new database gets every table, an older
one the revisions it lacks. A database made before migrations existed (tables, no alembic_version) goes
through the baseline revision too, which creates only what is missing. SQLite (`make run`) and PostgreSQL
(the scaled profile) take the same revisions. `python -m knowledge_base migrate` runs it on its own.
"""
from __future__ import annotations

import functools
import threading
import time
from pathlib import Path

import sqlalchemy as sa

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_lock = threading.Lock()


def target_metadata() -> list[sa.MetaData]:
    """Every table the application defines (for `alembic revision --autogenerate` through tools only)."""
    from webchat import conversations
    from webchat.admin import db as admin_db

    from . import store

    return [store.metadata, admin_db.metadata, conversations.metadata]


@functools.lru_cache(maxsize=1)
def _config():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg, ScriptDirectory.from_config(cfg).get_current_head()


def current(engine: sa.engine.Engine) -> str | None:
    """The database's revision (None before the first upgrade)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: sa.engine.Engine) -> None:
    """Bring the database to the latest revision (one query when it is there already)."""
    from alembic import command

    cfg, head = _config()
    if current(engine) == head:
        return
    for attempt in range(3):
        try:
            with _lock, engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            return
        except (sa.exc.OperationalError, sa.exc.IntegrityError, sa.exc.ProgrammingError):
            # another process is migrating the same new database at this moment: let it finish, then check
            if attempt == 2:
                raise
            time.sleep(0.5 * (attempt + 1))
            if current(engine) == head:
                return
