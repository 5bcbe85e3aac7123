"""Import and export of entries as CSV or YAML, in the schema of knowledge_base/content/.

CSV: one row per entry; related and questions_<lang> are "|"-separated. Import validates every row first
and applies all rows or none, in one transaction.
"""
from __future__ import annotations

import csv
import io

import yaml
from flask import Response, flash, g, render_template, request

from knowledge_base.schema import LANGS, phrasing_owners, shared_phrasings, validate_entry
from knowledge_base import yamlio
from knowledge_base.store import entries as entries_table
from knowledge_base.store import save_draft, save_status, stamp_review

from . import audit, bp, engine, kb, store, today
from .db import latest_versions
from .forms import normalise
from .kbtools import rebuild

CSV_COLUMNS = (["id", "topic", "source_publisher", "source_title", "source_url", "last_reviewed",
                "effective_date", "valid_until", "review_due", "related"]
               + [f"answer_{lang}" for lang in LANGS] + [f"questions_{lang}" for lang in LANGS])
MAX_UPLOAD = 8 * 1024 * 1024


def export_rows(status: str | None = None) -> list[dict]:
    """The current data of every entry (published content for published ones), by id."""
    return [normalise(r["data"]) for r in store().list_entries(status or None)]


def to_csv(items: list[dict]) -> str:
    from .analytics import csv_text

    def row(d: dict) -> list:
        return [d["id"], d["topic"], d["source"]["publisher"], d["source"]["title"], d["source"]["url"],
                d.get("last_reviewed", ""), d.get("effective_date", ""), d.get("valid_until", ""),
                d.get("review_due", ""), "|".join(d.get("related") or []),
                *[d["answer"].get(lang, "") for lang in LANGS],
                *["|".join(d["questions"].get(lang, [])) for lang in LANGS]]
    return csv_text(CSV_COLUMNS, (row(d) for d in items))


def to_yaml(items: list[dict]) -> str:
    return yaml.safe_dump({"entries": items}, allow_unicode=True, sort_keys=False, width=4096)


def parse_csv(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("id", "topic", "answer_en", "questions_en") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"CSV header lacks columns: {', '.join(missing)}")
    items = []
    for rec in reader:
        rec = {k: (v or "").strip() if k else v for k, v in rec.items()}
        d: dict = {"id": rec.get("id", ""), "topic": rec.get("topic", ""),
                   "source": {k: rec.get(f"source_{k}", "") for k in ("publisher", "title", "url")},
                   "questions": {}, "answer": {}}
        for lang in LANGS:
            if rec.get(f"answer_{lang}"):
                d["answer"][lang] = rec[f"answer_{lang}"]
            qs = [q.strip() for q in (rec.get(f"questions_{lang}") or "").split("|") if q.strip()]
            if qs:
                d["questions"][lang] = qs
        for key in ("last_reviewed", "effective_date", "valid_until", "review_due"):
            if rec.get(key) or key == "last_reviewed":
                d[key] = rec.get(key, "")
        related = [r.strip() for r in (rec.get("related") or "").split("|") if r.strip()]
        if related:
            d["related"] = related
        items.append(d)
    return items


def parse_yaml(text: str) -> list[dict]:
    doc = yamlio.safe_load(text) or {}
    items = doc.get("entries") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ValueError("YAML must hold a list under `entries:`")
    return items


def check(items: list[dict]) -> list[dict]:
    """Per-row problems: [{row, id, errors}] (rows numbered from 1; CSV header not counted)."""
    rows = store().list_entries()
    known = {r["id"] for r in rows} | {d.get("id") for d in items if isinstance(d, dict)}
    # phrasings must stay one entry's each: the file's entries as they will be, the others as they are
    incoming = {d.get("id") for d in items if isinstance(d, dict)}
    owners = phrasing_owners([r["data"] for r in rows if r["status"] != "archived" and r["id"] not in incoming]
                             + [d for d in items if isinstance(d, dict)])
    report, seen = [], set()
    for n, d in enumerate(items, start=1):
        errors = validate_entry(d, require_all_langs=False)
        if isinstance(d, dict):
            if d.get("id") in seen:
                errors.append("duplicate id in this file")
            seen.add(d.get("id"))
            for rel in d.get("related") or []:
                if rel not in known:
                    errors.append(f"related id {rel!r} does not exist")
            if not errors:
                errors += shared_phrasings(d, owners)
        if errors:
            report.append({"row": n, "id": d.get("id") if isinstance(d, dict) else None, "errors": errors})
    return report


def apply(items: list[dict], *, publish: bool, author: str) -> dict:
    """Write every item in one transaction (drafts, or published); unchanged items are skipped."""
    latest = latest_versions(engine())
    counts = {"saved": 0, "unchanged": 0}
    with engine().begin() as conn:
        for d in items:
            current = latest.get(d["id"])
            # unchanged facts keep the date they were really checked; changed ones are dated today
            data = stamp_review(normalise(d), current["data"] if current else None, today())
            row = conn.execute(entries_table.select().where(entries_table.c.id == data["id"])).mappings().first()
            same = current is not None and normalise(current["data"]) == data
            if same and (not publish or (row and row["status"] == "published" and current["status"] == "published")):
                counts["unchanged"] += 1
                continue
            if publish:
                version = save_status(conn, data, status="published", author=author, expected_version=None)
            else:
                version = save_draft(conn, data, author=author, expected_version=None)
            audit("entry.import", data["id"], {"version": version, "published": publish}, conn=conn)
            counts["saved"] += 1
    return counts


@bp.get("/export")
def export():
    """Download entries as CSV or YAML (?format=csv|yaml, ?status=published|draft|archived)."""
    fmt = request.args.get("format", "yaml")
    items = export_rows(request.args.get("status"))
    if fmt == "csv":
        return Response(to_csv(items), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=entries.csv"})
    return Response(to_yaml(items), mimetype="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=entries.yaml"})


@bp.route("/import", methods=["GET", "POST"])
def import_entries():
    """Upload a CSV or YAML file; nothing is written unless every row is valid."""
    if request.method == "GET":
        return render_template("admin/import.html", report=None, result=None)
    upload = request.files.get("file")
    publish = request.form.get("publish") == "1"
    if publish and g.user["role"] != "publisher":
        return render_template("admin/import.html", report=None, result=None,
                               error="Only publishers can import straight to published."), 403
    raw = upload.read(MAX_UPLOAD + 1) if upload else b""
    if not raw or len(raw) > MAX_UPLOAD:
        return render_template("admin/import.html", report=None, result=None,
                               error="Choose a CSV or YAML file (up to 8 MB)."), 400
    name = (upload.filename or "").lower()
    fmt = request.form.get("format") or ("csv" if name.endswith(".csv") else "yaml")
    try:
        text = raw.decode("utf-8")
        items = parse_csv(text) if fmt == "csv" else parse_yaml(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError, csv.Error) as exc:
        return render_template("admin/import.html", report=None, result=None,
                               error=f"Could not read the file: {exc}"), 400
    report = check(items)
    if report:
        return render_template("admin/import.html", report=report, result=None, total=len(items)), 400
    counts = apply(items, publish=publish, author=g.user["name"])
    if publish and counts["saved"]:
        rebuild(kb())
    flash(f"Imported {counts['saved']} entries ({counts['unchanged']} unchanged)"
          + (" and published them." if publish else " as drafts."))
    return render_template("admin/import.html", report=None, result=counts, total=len(items))
