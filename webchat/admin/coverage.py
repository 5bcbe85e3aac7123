"""Translation coverage: entries x languages, missing and stale translations."""
from __future__ import annotations

import json

import sqlalchemy as sa
from flask import render_template, request

from knowledge_base.schema import LANGS
from knowledge_base.store import entry_versions

from . import bp, engine


def coverage(eng) -> list[dict]:
    """Per entry: for each language 'ok', 'missing' or 'stale'.

    Stale: the English answer changed in a later version than the one in which that language's answer
    last changed.
    """
    query = sa.select(entry_versions.c.entry_id, entry_versions.c.version, entry_versions.c.data,
                      entry_versions.c.status).order_by(entry_versions.c.entry_id, entry_versions.c.version)
    per_entry: dict[str, list[tuple[int, dict, str]]] = {}
    with eng.connect() as conn:
        for eid, version, data, status in conn.execute(query):
            per_entry.setdefault(eid, []).append((version, json.loads(data), status))
    out = []
    for eid, versions in sorted(per_entry.items()):
        changed: dict[str, int] = {}
        previous: dict[str, str] = {}
        for version, data, _status in versions:
            answers = data.get("answer") or {}
            for lang in LANGS:
                if answers.get(lang) != previous.get(lang):
                    changed[lang] = version
                previous[lang] = answers.get(lang)
        latest = versions[-1][1]
        cells = {}
        for lang in LANGS:
            if not (latest.get("answer") or {}).get(lang):
                cells[lang] = "missing"
            elif lang != "en" and changed.get("en", 0) > changed.get(lang, 0):
                cells[lang] = "stale"
            else:
                cells[lang] = "ok"
        out.append({"id": eid, "topic": latest.get("topic"), "cells": cells, "status": versions[-1][2]})
    return out


@bp.get("/coverage")
def coverage_grid():
    """The coverage grid; ?only=gaps hides complete rows; ?format=csv downloads it."""
    rows = coverage(engine())
    if request.args.get("only") == "gaps":
        rows = [r for r in rows if any(v != "ok" for v in r["cells"].values())]
    totals = {lang: sum(1 for r in rows if r["cells"][lang] == "ok") for lang in LANGS}
    if request.args.get("format") == "csv":
        from .analytics import csv_response

        return csv_response("coverage.csv", ["id", "topic", *LANGS],
                            [[r["id"], r["topic"], *[r["cells"][lang] for lang in LANGS]] for r in rows])
    return render_template("admin/coverage.html", rows=rows, totals=totals)
