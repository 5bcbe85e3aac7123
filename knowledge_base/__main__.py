"""Command line: python -m knowledge_base build | search | check | ingest | ingest-dir."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .config import load_config
from .schema import validate_entries
from .store import load_content_dir


def _cmd_check(args, cfg) -> int:
    folder = Path(args.content) if getattr(args, "content", None) else cfg.content_dir
    items = load_content_dir(folder)
    problems = validate_entries(items)
    items = [d for d in items if isinstance(d, dict)]
    today = dt.date.fromisoformat(args.today) if getattr(args, 'today', None) else dt.date.today()
    expired = [d.get("id") for d in items if d.get("valid_until") and str(d["valid_until"]) < today.isoformat()]
    by_topic: dict[str, int] = {}
    for d in items:
        by_topic[d.get("topic")] = by_topic.get(d.get("topic"), 0) + 1
    print(f"{len(items)} entries in {folder}: " + ", ".join(f"{k} {v}" for k, v in sorted(by_topic.items(), key=str)))
    for eid, errs in problems.items():
        for err in errs:
            print(f"ERROR {eid}: {err}")
    for eid in expired:
        print(f"EXPIRED {eid}: valid_until has passed; it will not be served")
    from .freshness import findings

    found = findings([d for d in items if d.get("id") not in problems], today)
    errors = [f for f in found if f.is_error]
    for f in found:
        if not f.is_error and f.check != "expired":
            print(f"NOTICE {f.entry_id}: {f.label}: {f.detail}")
    for f in errors:
        print(f"STALE {f.entry_id} [{f.check}{'' if f.lang == 'en' else ' ' + f.lang}]: {f.detail}")
    # the visa rules name entries of the configured content; another folder (tests, imports) is checked alone
    own = folder.resolve() == (Path(__file__).parent / "content").resolve()
    visa_problems = _check_visa_rules(today, {d.get("id") for d in items} if own else None)
    parts = []
    if problems:
        parts.append(f"{len(problems)} entries with problems")
    if visa_problems:
        parts.append(f"{visa_problems} visa rule problems")
    if errors:
        parts.append(f"{len({f.entry_id for f in errors})} entries failing freshness and provenance checks")
    print("; ".join(parts) or "ok")
    return 1 if parts else 0


def _check_visa_rules(today: dt.date, entry_ids: set | None) -> int:
    """Validate knowledge_base/visa_policy.yaml: CLDR countries, deep links, dates, no overlapping exemptions."""
    from visa.policy import SEED, Rule, load_seed, validate, validate_rule

    rules = load_seed()
    problems = validate(rules)
    for d in rules:
        if entry_ids is not None and isinstance(d.get("entry_id"), str) and d["entry_id"] not in entry_ids:
            problems.append(f"{d['id']}: entry_id {d['entry_id']} is not an entry")
    print(f"{len(rules)} visa rules in {SEED.name}")
    for p in problems:
        print(f"ERROR visa rule {p}")
    for rule in (Rule.from_dict(d) for d in rules if not validate_rule(d)):
        if rule.valid_until and rule.valid_until < today:
            print(f"EXPIRED visa rule {rule.id}: valid_until has passed; it is not used")
        elif rule.valid_until and (rule.valid_until - today).days <= 60:
            print(f"NOTICE visa rule {rule.id}: ends on {rule.valid_until}")
        if rule.review_due and (rule.review_due - today).days <= 60:
            print(f"NOTICE visa rule {rule.id}: review due {rule.review_due}")
    return len(problems)


def _cmd_build(args, cfg) -> int:
    from .service import KnowledgeBase

    kb = KnowledgeBase(cfg)
    if args.seeds and Path(args.seeds).is_dir():
        from .ingest import ingest_folder

        added = ingest_folder(kb.store, Path(args.seeds), Path(__file__).parent / "seed_sources.yaml")
        print(f"ingested {len(added)} new seed documents from {args.seeds}")
    version = kb.rebuild(seed=not args.no_seed)
    manifest = json.loads((cfg.index_dir / version / "manifest.json").read_text())
    print(f"index {version}: {manifest['entries']} entries, {manifest['entry_rows']} vectors, "
          f"{manifest['passages']} passages, encoder {manifest['encoder']} ({manifest['dim']}d)")
    return 0


def _cmd_search(args, cfg) -> int:
    from .service import KnowledgeBase

    kb = KnowledgeBase(cfg)
    result = kb.lookup(args.question, args.lang, args.k)
    print(f"decision: {result.status} (confidence {result.confidence:.2f}, answer band {kb.bands.answer:.2f}, "
          f"suggest band {kb.bands.suggest:.2f}, index {result.index_version})")
    for n, hit in enumerate(result.hits, 1):
        text = hit.entry.answer.get(args.lang or "en") or hit.entry.answer["en"]
        print(f"{n}. {hit.score:.4f} (dense {hit.dense:.4f}, {hit.matched_kind}/{hit.matched_lang}) "
              f"{hit.entry.id}: {text[:100]}")
    if result.passage:
        p = result.passage
        print(f"excerpt {result.passage_score:.4f} [{p['language']}] {p['publisher']}: {p['text'][:160]}")
    return 0


def _cmd_ingest(args, cfg) -> int:
    from .ingest import ingest_file
    from .service import KnowledgeBase

    kb = KnowledgeBase(cfg)
    publisher, title, url = args.publisher, args.title, args.url
    if args.source:
        parts = [p.strip() for p in args.source.split("|")] + ["", ""]
        publisher, title, url = publisher or parts[0], title or parts[1], url or parts[2]
    if not publisher:
        print("warning: no --publisher/--source given; excerpts will say the publisher is not recorded")
    doc_id = ingest_file(kb.store, Path(args.file), publisher=publisher or "(publisher not recorded)",
                         title=title or Path(args.file).stem, url=url or "", language=args.language)
    print(f"document {doc_id} ingested" if doc_id else "already ingested (same text); nothing to do")
    version = kb.rebuild(seed=False)
    print(f"index {version}")
    return 0


def _cmd_migrate(args, cfg) -> int:
    import sqlalchemy as sa

    from .migrate import current, upgrade

    engine = sa.create_engine(cfg.database_url)
    before = current(engine)
    upgrade(engine)
    print(f"database at revision {current(engine)} (was {before or 'none'})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run one command."""
    parser = argparse.ArgumentParser(prog="python -m knowledge_base", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="seed the store from content/ and build the index")
    b.add_argument("--no-seed", action="store_true", help="index the store as it is, without reading content/")
    b.add_argument("--seeds", help="also ingest the seed articles in this folder (../shared/seeds)")
    s = sub.add_parser("search", help="show what the assistant would answer")
    s.add_argument("question")
    s.add_argument("--lang")
    s.add_argument("-k", type=int, default=5)
    c = sub.add_parser("check", help="validate the content files, and check their freshness and sources")
    c.add_argument("--today", help="check as of this date (YYYY-MM-DD) instead of today")
    c.add_argument("--content", help="content folder to check (default: the configured one)")
    i = sub.add_parser("ingest", help="split a document into passages and index them")
    i.add_argument("file")
    i.add_argument("--source", help='"Publisher | Title | URL" in one argument')
    i.add_argument("--publisher")
    i.add_argument("--title")
    i.add_argument("--url")
    i.add_argument("--language", help="language code; detected when omitted")
    sub.add_parser("migrate", help="bring the database (KB_DATABASE_URL) to the latest schema revision")
    args = parser.parse_args(argv)
    cfg = load_config()
    handler = {"build": _cmd_build, "search": _cmd_search, "check": _cmd_check, "ingest": _cmd_ingest,
               "migrate": _cmd_migrate}[args.cmd]
    return handler(args, cfg)


if __name__ == "__main__":
    sys.exit(main())
