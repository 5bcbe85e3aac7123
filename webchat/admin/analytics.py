"""Usage analytics from the chat log and feedback; every table downloadable as CSV, charts as inline SVG."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Response, abort, current_app, render_template, request

from knowledge_base.store import entries as entries_table
from knowledge_base.store import feedback

from . import bp, engine
from ..conversations import messages

ANSWER_KINDS = ("answer", "unknown", "declined", "excerpt")


def csv_text(header: list[str], rows) -> str:
    """CSV with a header row; None is written as an empty cell. The workspace's one CSV writer."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def csv_response(filename: str, header: list[str], rows: list[list]) -> Response:
    return Response(csv_text(header, rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def site_timezone() -> str:
    """contact.hours.timezone of the default site (webchat/sites.yaml), UTC when unset."""
    try:
        sites, default = current_app.extensions["va_sites"].get()
        site = sites.get(default) or next(iter(sites.values()))
        return (site.contact.get("hours") or {}).get("timezone") or "UTC"
    except (KeyError, StopIteration, AttributeError):
        return "UTC"


def compute(eng, since: dt.datetime, tz: str) -> dict[str, dict]:
    """Every analytics table: {name: {"title", "header", "rows"}}."""
    zone = ZoneInfo(tz)
    with eng.connect() as conn:
        recent = messages.c.created_at >= since
        day = sa.func.date(messages.c.created_at)
        per_day = conn.execute(
            sa.select(day, sa.func.count(sa.distinct(messages.c.session_id)), sa.func.count())
            .where(recent).group_by(day).order_by(day)).all()
        langs = conn.execute(
            sa.select(messages.c.language, sa.func.count(sa.distinct(messages.c.session_id)), sa.func.count())
            .where(recent, messages.c.direction == "in").group_by(messages.c.language)
            .order_by(sa.func.count().desc())).all()
        kinds = dict(conn.execute(
            sa.select(messages.c.kind, sa.func.count()).where(recent, messages.c.direction == "out",
                                                              messages.c.kind.in_(ANSWER_KINDS))
            .group_by(messages.c.kind)).all())
        top = conn.execute(
            sa.select(entries_table.c.topic, messages.c.entry_id, sa.func.count().label("n"))
            .select_from(messages.join(entries_table, entries_table.c.id == messages.c.entry_id))
            .where(recent, messages.c.direction == "out").group_by(entries_table.c.topic, messages.c.entry_id)
            .order_by(entries_table.c.topic, sa.desc("n"))).all()
        fb = conn.execute(
            sa.select(feedback.c.entry_id, feedback.c.value, sa.func.count()).where(feedback.c.created_at >= since)
            .group_by(feedback.c.entry_id, feedback.c.value)).all()
        stamps = conn.execute(sa.select(messages.c.created_at).where(recent, messages.c.direction == "in")
                              .limit(500_000)).scalars().all()
        # what visitors did after a "Did you mean…?": each suggestion and the visitor's next message in its session
        turns = conn.execute(
            sa.select(messages.c.session_id, messages.c.direction, messages.c.kind, messages.c.language,
                      sa.func.substr(messages.c.text, 1, 16))
            .where(recent, sa.or_(messages.c.direction == "in", messages.c.kind == "suggest"))
            .order_by(messages.c.session_id, messages.c.id).limit(500_000)).all()
    total = sum(kinds.get(k, 0) for k in ANSWER_KINDS)
    per_entry: dict[str, list[int]] = {}
    for eid, value, n in fb:
        per_entry.setdefault(eid or "-", [0, 0])[0 if value > 0 else 1] += n
    up = sum(v[0] for v in per_entry.values())
    down = sum(v[1] for v in per_entry.values())
    hours = Counter(s.replace(tzinfo=dt.timezone.utc).astimezone(zone).hour for s in stamps)
    questions = _questions(eng, {eid for _, eid, _ in top})
    ranked: dict[str, int] = {}
    top_rows = []
    for topic, eid, n in top:
        ranked[topic] = ranked.get(topic, 0) + 1
        if ranked[topic] <= 10:
            top_rows.append([topic, ranked[topic], eid, questions.get(eid, ""), n])

    def pct(a, b):
        return round(100.0 * a / b, 1) if b else None

    funnel = suggestion_funnel(turns)

    return {
        "daily": {"title": "Conversations and messages per day (UTC)", "header": ["day", "conversations", "messages"],
                  "rows": [[str(d), c, m] for d, c, m in per_day]},
        "languages": {"title": "Languages (visitor messages)", "header": ["language", "conversations", "messages"],
                      "rows": [[lang or "?", c, m] for lang, c, m in langs]},
        "answer_rate": {"title": "Answer rate", "header": ["kind", "replies", "percent"],
                        "rows": [[k, kinds.get(k, 0), pct(kinds.get(k, 0), total)] for k in ANSWER_KINDS]
                        + [["answer rate", total, pct(kinds.get("answer", 0), total)]]},
        "top_questions": {"title": "Top answered entries per topic", "header": ["topic", "rank", "entry_id", "question", "answers"],
                          "rows": top_rows},
        "feedback": {"title": "Feedback 👍/👎", "header": ["entry_id", "up", "down", "up_percent"],
                     "rows": [["(all)", up, down, pct(up, up + down)]]
                     + [[e, u, d, pct(u, u + d)] for e, (u, d) in sorted(per_entry.items(), key=lambda kv: -sum(kv[1]))]},
        "suggestions": {"title": "“Did you mean…?”: what visitors did next",
                        "header": ["language", "shown", "chose one", "none of these", "typed something else",
                                   "left", "chose_percent"],
                        "rows": [[lang, *c, pct(c[1], c[0])] for lang, c in funnel]},
        "hours": {"title": f"Busiest hours ({tz})", "header": ["hour", "messages"],
                  "rows": [[f"{h:02d}:00", hours.get(h, 0)] for h in range(24)]},
    }


FUNNEL_STEPS = ("shown", "chose", "none", "typed", "left")


def suggestion_funnel(turns) -> list[tuple[str, list[int]]]:
    """Per language of the suggestion (and "(all)" first): how many "Did you mean…?" replies were shown, and whether
    the visitor's next message in that session was a click on a candidate (`/choose_entry…`), "None of these"
    (`/none_of_these`), another typed message, or nothing (left). `turns`: (session, direction, kind, language,
    the text's first characters), ordered by session and time; only visitor messages and suggestions."""
    counts: dict[str, list[int]] = {}
    pending: tuple[str, str] | None = None  # (session, language) of a suggestion still waiting for the next message

    def close(step: int) -> None:
        nonlocal pending
        for key in ("(all)", pending[1] or "?"):
            row = counts.setdefault(key, [0] * len(FUNNEL_STEPS))
            row[0] += 1
            row[step] += 1
        pending = None

    for sid, direction, kind, lang, head in turns:
        if pending and pending[0] != sid:
            close(4)
        if direction == "out" and kind == "suggest":
            if pending:
                close(4)
            pending = (sid, lang)
        elif direction == "in" and pending:
            head = head or ""
            close(1 if head.startswith("/choose_entry") else 2 if head.startswith("/none_of_these") else 3)
    if pending:
        close(4)
    order = ["(all)"] + sorted(k for k in counts if k != "(all)")
    return [(k, counts[k]) for k in order if k in counts]


def _questions(eng, ids: set) -> dict[str, str]:
    """entry id -> its first English phrasing."""
    if not ids:
        return {}
    with eng.connect() as conn:
        rows = conn.execute(sa.select(entries_table.c.id, entries_table.c.data)
                            .where(entries_table.c.id.in_(list(ids)))).all()
    out = {}
    for eid, data in rows:
        qs = (json.loads(data).get("questions") or {}).get("en") or [""]
        out[eid] = qs[0]
    return out


def bars(rows: list[list], label_col: int, value_col: int, width: int = 520, bar_h: int = 16) -> dict:
    """Geometry for a horizontal SVG bar chart (drawn by the template)."""
    values = [(str(r[label_col]), float(r[value_col] or 0)) for r in rows]
    top = max((v for _, v in values), default=0) or 1
    label_w = 110
    items = [{"label": lab, "value": int(v) if v == int(v) else v, "y": n * (bar_h + 4),
              "w": round((width - label_w - 60) * v / top, 1)} for n, (lab, v) in enumerate(values)]
    return {"items": items, "width": width, "height": max(1, len(items)) * (bar_h + 4), "bar_h": bar_h,
            "label_w": label_w}


@bp.get("/analytics")
def analytics():
    """Dashboard; ?days=N (default 30); ?table=NAME&format=csv downloads one table."""
    try:
        days = max(1, min(int(request.args.get("days", 30)), 3650))
    except ValueError:
        days = 30
    since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=days)
    tables = compute(engine(), since, site_timezone())
    name = request.args.get("table")
    if request.args.get("format") == "csv":
        if name not in tables:
            abort(404)
        t = tables[name]
        return csv_response(f"{name}.csv", t["header"], t["rows"])
    charts = {
        "daily": bars(tables["daily"]["rows"], 0, 2),
        "languages": bars(tables["languages"]["rows"], 0, 2),
        "hours": bars(tables["hours"]["rows"], 0, 1, bar_h=12),
    }
    return render_template("admin/analytics.html", tables=tables, charts=charts, days=days)
