"""The KB store: entries with their version history, ingested passages, and visitor signals.

SQLAlchemy Core keeps it portable: SQLite by default, PostgreSQL by URL.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from pathlib import Path

import sqlalchemy as sa

from .schema import Entry, validate_entries
from . import yamlio

metadata = sa.MetaData()

entries = sa.Table(
    "kb_entries", metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("topic", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # draft | published | archived
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(120), nullable=False),
)
entry_versions = sa.Table(
    "kb_entry_versions", metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entry_id", sa.String(120), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("author", sa.String(120), nullable=False),
    sa.UniqueConstraint("entry_id", "version"),
)
documents = sa.Table(
    "kb_documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("publisher", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
)
passages = sa.Table(
    "kb_passages", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("kb_documents.id"), nullable=False, index=True),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)
unanswered = sa.Table(
    "kb_unanswered", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("reason", sa.String(20), nullable=False),  # declined | low_confidence | thumbs_down
    sa.Column("score", sa.Float),
    sa.Column("entry_id", sa.String(120)),
    sa.Column("session_ref", sa.String(64)),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("resolved_at", sa.DateTime),
)
feedback = sa.Table(
    "kb_feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_ref", sa.String(64)),
    sa.Column("entry_id", sa.String(120)),
    sa.Column("question", sa.Text),
    sa.Column("language", sa.String(8)),
    sa.Column("value", sa.Integer, nullable=False),  # +1 or -1
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
)
reviews = sa.Table(
    "kb_reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entry_id", sa.String(120), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),  # the published version that was confirmed
    sa.Column("reviewed_on", sa.Date, nullable=False),
    sa.Column("reviewer", sa.String(120), nullable=False),
    sa.Column("evidence_url", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("at", sa.DateTime, nullable=False),
)
# visa rules (visa.policy): versioned and published like entries, edited in the workspace's "Visa rules"
visa_rules = sa.Table(
    "kb_visa_rules", metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),  # draft | published | archived
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(120), nullable=False),
)
visa_rule_versions = sa.Table(
    "kb_visa_rule_versions", metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rule_id", sa.String(120), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("author", sa.String(120), nullable=False),
    sa.UniqueConstraint("rule_id", "version"),
)
glossary = sa.Table(
    "kb_glossary", metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(120), nullable=False),
)


def session_ref(session_id: str) -> str:
    """The one reference to a conversation that logs keep: stable, not reversible. Every writer of
    kb_unanswered/kb_feedback and `webchat.admin erase SESSION_ID` compute it here, so they always agree."""
    return hashlib.sha256(str(session_id).encode("utf-8")).hexdigest()[:16]


class ConflictError(Exception):
    """Raised when an entry changed since the editor loaded it (optimistic versioning)."""


def utc_now() -> dt.datetime:
    """Now in UTC, without tzinfo: how every table of the project stores a moment."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def canonical(data: dict) -> str:
    """One JSON text per value (sorted keys, UTF-8): for stored data and for comparing it."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def load_content_dir(path: Path) -> list[dict]:
    """Read every entry from the YAML files of a content folder, in file order."""
    items: list[dict] = []
    for file in sorted(Path(path).glob("*.y*ml")):
        doc = yamlio.safe_load(file.read_text(encoding="utf-8")) or {}
        for item in doc.get("entries") or []:
            items.append(item)
    return items


@dataclasses.dataclass(frozen=True)
class Versioned:
    """A kind of versioned record: its current-row table, its history table, and extra row columns."""

    name: str
    current: sa.Table
    history: sa.Table
    key: str  # the history table's column naming the record
    columns: tuple[str, ...] = ()  # data fields copied into current-row columns (entries: topic)

    def extra(self, data: dict) -> dict:
        return {c: data[c] for c in self.columns}


ENTRIES = Versioned("entry", entries, entry_versions, "entry_id", ("topic",))
VISA_RULES = Versioned("visa rule", visa_rules, visa_rule_versions, "rule_id")


def save_draft(conn, data: dict, *, author: str, expected_version: int | None, kind: Versioned = ENTRIES) -> int:
    """Record a draft version inside an open transaction; the served content stays as it is.

    New or unpublished records get their current row updated (status draft); a published one keeps
    its published data and only its version counter advances. Raises ConflictError on a stale version.
    """
    rid, table = data["id"], kind.current
    body = canonical(data)
    row = conn.execute(sa.select(table.c.version, table.c.status).where(table.c.id == rid)
                       .with_for_update()).first()
    current = row[0] if row else 0
    if expected_version is not None and expected_version != current:
        raise ConflictError(f"{kind.name} {rid} is at version {current}, not {expected_version}")
    version = current + 1
    stamp = utc_now()
    if row is None:
        conn.execute(table.insert().values(id=rid, status="draft", version=version, data=body, updated_at=stamp,
                                           updated_by=author, **kind.extra(data)))
    elif row[1] == "published":
        conn.execute(table.update().where(table.c.id == rid).values(version=version, updated_at=stamp,
                                                                    updated_by=author))
    else:
        conn.execute(table.update().where(table.c.id == rid).values(
            status="draft", version=version, data=body, updated_at=stamp, updated_by=author, **kind.extra(data)))
    conn.execute(kind.history.insert().values(**{kind.key: rid}, version=version, status="draft", data=body,
                                              created_at=stamp, author=author))
    return version


def save_status(conn, data: dict, *, status: str, author: str, expected_version: int | None,
                kind: Versioned = ENTRIES) -> int:
    """Record a published/archived/draft version as the record's current row, inside an open transaction."""
    rid, table = data["id"], kind.current
    body = canonical(data)
    row = conn.execute(sa.select(table.c.version).where(table.c.id == rid).with_for_update()).first()
    current = row[0] if row else 0
    if expected_version is not None and expected_version != current:
        raise ConflictError(f"{kind.name} {rid} is at version {current}, not {expected_version}")
    version = current + 1
    values = dict(status=status, version=version, data=body, updated_at=utc_now(), updated_by=author,
                  **kind.extra(data))
    if row:
        conn.execute(table.update().where(table.c.id == rid).values(**values))
    else:
        conn.execute(table.insert().values(id=rid, **values))
    conn.execute(kind.history.insert().values(**{kind.key: rid}, version=version, status=status, data=body,
                                              created_at=values["updated_at"], author=author))
    return version



REVIEWED_FIELDS = ("topic", "answer", "source", "effective_date", "valid_until", "review_due")


def stamp_review(data: dict, previous: dict | None, today: dt.date,
                 fields: tuple[str, ...] | None = REVIEWED_FIELDS) -> dict:
    """The entry with an honest last_reviewed: unchanged facts keep their date, changed ones get today.

    last_reviewed moves only when a reviewer confirms the entry (Store.mark_reviewed) or its content
    changes; an import or a re-save that changes nothing keeps the date the facts were really checked.
    A new entry keeps the date it carries (an import from another workspace), or gets today.
    `fields` are what a review vouches for (None: everything but last_reviewed, as for visa rules).
    """
    out = dict(data)
    if previous is None:
        out["last_reviewed"] = data.get("last_reviewed") or today.isoformat()
    elif _reviewed_facts(previous, fields) == _reviewed_facts(data, fields):
        out["last_reviewed"] = previous.get("last_reviewed") or today.isoformat()
    else:
        out["last_reviewed"] = today.isoformat()
    return out


def _reviewed_facts(data: dict, fields: tuple[str, ...] | None) -> str:
    """What a review vouches for: for entries the answers, the source and the dates (not phrasings)."""
    if fields is None:
        return canonical({k: v for k, v in data.items() if k != "last_reviewed"})
    return canonical({k: data.get(k) for k in fields})


class Store:
    """Access to the KB tables; one instance per process, shared by threads."""

    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        from .migrate import upgrade

        upgrade(self.engine)  # every table of the database (store, workspace, logs), through Alembic

    # -- versioned records (entries, visa rules): one way to read and seed them -----------------
    def _row(self, kind: Versioned, rid: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(kind.current).where(kind.current.c.id == rid)).mappings().first()
        return _decode(row) if row else None

    def _rows(self, kind: Versioned, status: str | None) -> list[dict]:
        query = sa.select(kind.current).order_by(kind.current.c.id)
        if status:
            query = query.where(kind.current.c.status == status)
        with self.engine.connect() as conn:
            return [_decode(r) for r in conn.execute(query).mappings()]

    def _history(self, kind: Versioned, rid: str) -> list[dict]:
        key = kind.history.c[kind.key]
        query = sa.select(kind.history).where(key == rid).order_by(kind.history.c.version.desc())
        with self.engine.connect() as conn:
            return [_decode(r) for r in conn.execute(query).mappings()]

    def _seed(self, kind: Versioned, items: list[dict]) -> dict[str, int]:
        """New ids are added, seed-owned ones follow the file, and one deleted from the file is archived (and
        published again when it comes back to the file, even unchanged); a record an editor has changed since
        (updated_by is not 'seed') is left alone, so a deploy never overwrites newsroom work. `items` are
        validated and normalised by the caller."""
        counts = {"added": 0, "updated": 0, "kept": 0, "archived": 0}
        wanted = {d["id"] for d in items}
        for row in self._rows(kind, "published"):
            if row["id"] not in wanted and row["updated_by"] == "seed":
                with self.engine.begin() as conn:
                    save_status(conn, row["data"], status="archived", author="seed", expected_version=None,
                                kind=kind)
                counts["archived"] += 1
        for data in items:
            current = self._row(kind, data["id"])
            if current is not None and (current["updated_by"] != "seed"
                                        or (canonical(current["data"]) == canonical(data)
                                            and current["status"] == "published")):
                counts["kept"] += 1
                continue
            with self.engine.begin() as conn:
                save_status(conn, data, status="published", author="seed", expected_version=None, kind=kind)
            counts["added" if current is None else "updated"] += 1
        return counts

    # -- entries ---------------------------------------------------------------
    def get_entry(self, entry_id: str) -> dict | None:
        """The current row of an entry, with its data decoded, or None."""
        return self._row(ENTRIES, entry_id)

    def list_entries(self, status: str | None = None) -> list[dict]:
        """All current entry rows, optionally of one status."""
        return self._rows(ENTRIES, status)

    def save_entry(self, data: dict, *, status: str, author: str, expected_version: int | None = None) -> int:
        """Create or update an entry and record the version; returns the new version number."""
        with self.engine.begin() as conn:
            return save_status(conn, data, status=status, author=author, expected_version=expected_version)

    def mark_reviewed(self, entry_id: str, *, reviewer: str, today: dt.date, evidence_url: str | None = None,
                      note: str | None = None, expected_version: int | None = None) -> int:
        """A reviewer confirms the published entry as it stands: last_reviewed becomes today.

        Recorded as a new published version (author: the reviewer) and a kb_reviews row with the evidence.
        Refused (ValueError) for an entry that is not published or has a pending draft: review what is served.
        """
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(entries).where(entries.c.id == entry_id)).mappings().first()
            if row is None or row["status"] != "published":
                raise ValueError(f"{entry_id} is not a published entry")
            newest = conn.execute(sa.select(entry_versions.c.status).where(entry_versions.c.entry_id == entry_id)
                                  .order_by(entry_versions.c.version.desc()).limit(1)).scalar()
            if newest == "draft":
                raise ValueError(f"{entry_id} has a pending draft; publish or replace it before marking it reviewed")
            data = dict(json.loads(row["data"]), last_reviewed=today.isoformat())
            version = save_status(conn, data, status="published", author=reviewer,
                                  expected_version=row["version"] if expected_version is None else expected_version)
            conn.execute(reviews.insert().values(entry_id=entry_id, version=version, reviewed_on=today,
                                                 reviewer=reviewer, evidence_url=evidence_url or None,
                                                 note=note or None, at=utc_now()))
        return version

    def reviews(self, entry_id: str | None = None, limit: int = 50) -> list[dict]:
        """Recorded reviews, newest first (of one entry, or of all)."""
        query = sa.select(reviews).order_by(reviews.c.id.desc()).limit(limit)
        if entry_id:
            query = query.where(reviews.c.entry_id == entry_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def versions(self, entry_id: str) -> list[dict]:
        """Every recorded version of an entry, newest first."""
        return self._history(ENTRIES, entry_id)

    def published_entries(self, today: dt.date | None = None) -> list[Entry]:
        """Entries that may be served today: published and not expired."""
        found = []
        for row in self.list_entries(status="published"):
            entry = Entry.from_dict(row["data"])
            if not entry.is_expired(today):
                found.append(entry)
        return found

    def seed(self, items: list[dict]) -> dict[str, int]:
        """Load content-folder entries (see _seed: editors' changes are never overwritten)."""
        problems = validate_entries(items)
        if problems:
            raise ValueError(f"invalid content: {json.dumps(problems, ensure_ascii=False)[:2000]}")
        return self._seed(ENTRIES, [Entry.from_dict(d).as_dict() for d in items])

    # -- visa rules ------------------------------------------------------------
    def list_visa_rules(self, status: str | None = None) -> list[dict]:
        """All current visa-rule rows, optionally of one status."""
        return self._rows(VISA_RULES, status)

    def get_visa_rule(self, rule_id: str) -> dict | None:
        """The current row of a visa rule, with its data decoded, or None."""
        return self._row(VISA_RULES, rule_id)

    def visa_rule_versions(self, rule_id: str) -> list[dict]:
        """Every recorded version of a visa rule, newest first."""
        return self._history(VISA_RULES, rule_id)

    def save_visa_rule(self, data: dict, *, status: str, author: str, expected_version: int | None = None) -> int:
        """Save a visa rule as a draft or publish it; a published one must agree with the other published rules.

        Raises ValueError with the problems (unknown country, overlapping exemption, bare-domain source...).
        """
        from visa.policy import validate, validate_rule

        problems = validate_rule(data)
        if not problems and status == "published":
            others = [r["data"] for r in self.list_visa_rules("published") if r["id"] != data["id"]]
            problems = [p for p in validate([*others, data]) if data["id"] in p]
        if problems:
            raise ValueError("; ".join(problems))
        with self.engine.begin() as conn:
            if status == "draft":
                return save_draft(conn, data, author=author, expected_version=expected_version, kind=VISA_RULES)
            return save_status(conn, data, status=status, author=author, expected_version=expected_version,
                               kind=VISA_RULES)

    def published_visa_rules(self) -> list[dict]:
        """The data of every published visa rule (whether in force today is decided by visa.policy)."""
        return [r["data"] for r in self.list_visa_rules("published")]

    def seed_visa_rules(self, items: list[dict]) -> dict[str, int]:
        """Load the visa rules file like content: new ids added, seed-owned ones follow the file, editors' kept."""
        from visa.policy import validate

        problems = validate(items)
        if problems:
            raise ValueError(f"invalid visa rules: {'; '.join(problems)[:2000]}")
        return self._seed(VISA_RULES, items)

    # -- glossary --------------------------------------------------------------
    def glossary_terms(self) -> list[dict]:
        """Every glossary term, by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(glossary).order_by(glossary.c.id)).mappings()
            return [{**json.loads(r["data"]), "updated_by": r["updated_by"]} for r in rows]

    def save_glossary_term(self, data: dict, *, author: str) -> None:
        """Add or replace one glossary term (validated); it is used from the next publish on."""
        from .glossary import validate_terms

        term = {k: data[k] for k in ("id", "match", "expand") if k in data}
        problems = validate_terms([term])
        if problems:
            raise ValueError("; ".join(problems))
        with self.engine.begin() as conn:
            conn.execute(sa.delete(glossary).where(glossary.c.id == term["id"]))
            conn.execute(sa.insert(glossary).values(id=term["id"], data=canonical(term), updated_at=utc_now(),
                                                    updated_by=author))

    def delete_glossary_term(self, term_id: str) -> bool:
        """Remove a glossary term; True when it existed."""
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(glossary).where(glossary.c.id == term_id)).rowcount > 0

    def seed_glossary(self, terms: list[dict]) -> int:
        """Load the glossary file: new terms are added, seed-owned ones follow the file, editors' edits stay."""
        current = {t["id"]: t for t in self.glossary_terms()}
        changed = 0
        for term in terms:
            mine = current.get(term["id"])
            clean = {k: term[k] for k in ("id", "match", "expand")}
            if mine is None or (mine["updated_by"] == "seed"
                                and canonical({k: mine[k] for k in clean}) != canonical(clean)):
                self.save_glossary_term(clean, author="seed")
                changed += 1
        return changed

    # -- documents -------------------------------------------------------------
    def add_document(self, *, title: str, publisher: str, url: str, language: str, chunks: list[str]) -> int | None:
        """Store a document's passages; returns its id, or None when the same text is already in."""
        digest = hashlib.sha256("\n".join(chunks).encode("utf-8")).hexdigest()
        with self.engine.begin() as conn:
            if conn.execute(sa.select(documents.c.id).where(documents.c.content_hash == digest)).first():
                return None
            doc_id = conn.execute(documents.insert().values(
                title=title, publisher=publisher, url=url, language=language, content_hash=digest,
                ingested_at=utc_now())).inserted_primary_key[0]
            conn.execute(passages.insert(), [
                {"document_id": doc_id, "ord": n, "text": text} for n, text in enumerate(chunks)])
        return doc_id

    def all_passages(self) -> list[dict]:
        """Every passage joined with its document's source and language."""
        query = (sa.select(passages.c.id, passages.c.ord, passages.c.text, documents.c.title,
                           documents.c.publisher, documents.c.url, documents.c.language)
                 .join(documents, passages.c.document_id == documents.c.id)
                 .order_by(passages.c.id))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    # -- visitor signals -------------------------------------------------------
    def log_unanswered(self, *, question: str, language: str, reason: str, score: float | None = None,
                       entry_id: str | None = None, session_ref: str | None = None) -> int:
        """Record a question the assistant could not answer well, for the editors' inbox; returns its row id."""
        with self.engine.begin() as conn:
            return conn.execute(unanswered.insert().values(
                question=question[:2000], language=language, reason=reason, score=score, entry_id=entry_id,
                session_ref=session_ref, created_at=utc_now())).inserted_primary_key[0]

    def resolve_unanswered(self, row_id: int, entry_id: str | None) -> None:
        """Mark one inbox row as resolved by the visitor (a suggestion was clicked), naming the entry."""
        with self.engine.begin() as conn:
            conn.execute(unanswered.update().where(unanswered.c.id == row_id)
                         .values(resolved_at=utc_now(), entry_id=entry_id))

    def reject_suggestion(self, row_id: int) -> bool:
        """The visitor answered a "Did you mean…?" with "None of these": its inbox row says so (reason
        `suggestion_rejected`), so editors see a question the base lacks rather than one merely not clicked.
        False when there is no such open suggestion row."""
        with self.engine.begin() as conn:
            done = conn.execute(unanswered.update().where(
                (unanswered.c.id == row_id) & (unanswered.c.reason == "suggested")
                & unanswered.c.resolved_at.is_(None)).values(reason="suggestion_rejected"))
            return bool(done.rowcount)

    def unanswered_questions(self, include_resolved: bool = False) -> list[dict]:
        """Logged unanswered questions, newest first."""
        query = sa.select(unanswered).order_by(unanswered.c.id.desc())
        if not include_resolved:
            query = query.where(unanswered.c.resolved_at.is_(None))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def record_feedback(self, *, value: int, entry_id: str | None, question: str | None, language: str | None,
                        session_ref: str | None) -> None:
        """Store a thumbs up (+1) or down (-1); a thumbs down also lands in the unanswered inbox."""
        with self.engine.begin() as conn:
            conn.execute(feedback.insert().values(
                value=1 if value > 0 else -1, entry_id=entry_id, question=(question or "")[:2000],
                language=language, session_ref=session_ref, created_at=utc_now()))
        if value < 0 and question:
            self.log_unanswered(question=question, language=language or "en", reason="thumbs_down",
                                entry_id=entry_id, session_ref=session_ref)


def _decode(row) -> dict:
    out = dict(row)
    out["data"] = json.loads(out["data"])
    return out


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the gateway, the action server and the admin read while one of them writes.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


@functools.lru_cache(maxsize=4)
def get_store(url: str) -> Store:
    """A cached Store per database URL."""
    return Store(url)
