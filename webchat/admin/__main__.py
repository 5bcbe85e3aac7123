"""Workspace administration from the command line.

    python -m webchat.admin create-user NAME --role editor|publisher [--password P]   (else VA_ADMIN_PASSWORD or a prompt)
    python -m webchat.admin purge [--days N]      delete chat logs older than N days (default VA_RETENTION_DAYS or 180)
    python -m webchat.admin erase SESSION_ID      delete one conversation's logs and signals
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys



def _engine():
    from knowledge_base.config import load_config
    from knowledge_base.store import get_store

    url = os.environ.get("KB_DATABASE_URL") or load_config().database_url
    return get_store(url).engine  # opening the store migrates every table (knowledge_base.migrate)


def purge(engine, days: int) -> dict[str, int]:
    """Delete chat messages and sessions older than `days` days (and visitor signals of that age)."""
    from knowledge_base.store import feedback, unanswered

    from ..conversations import messages, sessions
    from .db import write_audit

    cutoff = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=days)
    with engine.begin() as conn:
        out = {
            "messages": conn.execute(messages.delete().where(messages.c.created_at < cutoff)).rowcount,
            "sessions": conn.execute(sessions.delete().where(sessions.c.updated_at < cutoff)).rowcount,
            "feedback": conn.execute(feedback.delete().where(feedback.c.created_at < cutoff)).rowcount,
            "unanswered": conn.execute(unanswered.delete().where(unanswered.c.created_at < cutoff,
                                                                 unanswered.c.resolved_at.isnot(None))).rowcount,
        }
    write_audit(engine, "cli", "privacy.purge", None, {"days": days, **out})
    return out


def erase(engine, session_id: str) -> dict[str, int]:
    """Delete one session's messages, session row, feedback and inbox rows."""
    from knowledge_base.store import feedback, session_ref, unanswered

    from ..conversations import messages, sessions
    from .db import write_audit

    ref = session_ref(session_id)
    with engine.begin() as conn:
        out = {
            "messages": conn.execute(messages.delete().where(messages.c.session_id == session_id)).rowcount,
            "sessions": conn.execute(sessions.delete().where(sessions.c.session_id == session_id)).rowcount,
            "feedback": conn.execute(feedback.delete().where(feedback.c.session_ref == ref)).rowcount,
            "unanswered": conn.execute(unanswered.delete().where(unanswered.c.session_ref == ref)).rowcount,
        }
    write_audit(engine, "cli", "privacy.erase", None, {"session_ref": ref, **out})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m webchat.admin", description="Editors' workspace administration")
    sub = parser.add_subparsers(dest="cmd", required=True)
    cu = sub.add_parser("create-user", help="create an editor or publisher account")
    cu.add_argument("name")
    cu.add_argument("--role", choices=("editor", "publisher"), required=True)
    cu.add_argument("--password", help="else $VA_ADMIN_PASSWORD, else a prompt")
    cu.add_argument("--replace", action="store_true", help="reset an existing account")
    pg = sub.add_parser("purge", help="delete chat logs older than N days")
    pg.add_argument("--days", type=int, default=int(os.environ.get("VA_RETENTION_DAYS", "180")))
    er = sub.add_parser("erase", help="delete one session's logs")
    er.add_argument("session_id")
    args = parser.parse_args(argv)
    engine = _engine()
    if args.cmd == "create-user":
        from .users import create_user

        password = args.password or os.environ.get("VA_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Again: "):
                print("passwords differ", file=sys.stderr)
                return 2
        try:
            create_user(engine, args.name, args.role, password, replace=args.replace)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"user {args.name} ({args.role}) ready")
    elif args.cmd == "purge":
        if args.days < 1:
            print("error: --days must be at least 1", file=sys.stderr)
            return 2
        print(" ".join(f"{k}={v}" for k, v in purge(engine, args.days).items()))
    elif args.cmd == "erase":
        print(" ".join(f"{k}={v}" for k, v in erase(engine, args.session_id).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
