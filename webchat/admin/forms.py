"""Entry <-> edit-form conversion, shared by the editor, the inbox and import."""
from __future__ import annotations

import datetime as dt
import re

from knowledge_base.schema import LANGS, Entry, parse_date

DATE_FIELDS = ("last_reviewed", "effective_date", "valid_until", "review_due")


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r", "").split("\n") if line.strip()]


def form_to_data(form) -> dict:
    """The entry dict an edit form describes (not yet validated)."""
    data: dict = {
        "id": (form.get("id") or "").strip(),
        "topic": (form.get("topic") or "").strip(),
        "questions": {},
        "answer": {},
        "source": {k: (form.get(f"source_{k}") or "").strip() for k in ("publisher", "title", "url")},
    }
    if (form.get("source_homepage") or "") in ("1", "on", "true"):
        data["source"]["homepage"] = True
    for lang in LANGS:
        qs = split_lines(form.get(f"q_{lang}", ""))
        if qs:
            data["questions"][lang] = qs
        ans = (form.get(f"a_{lang}") or "").replace("\r\n", "\n").strip()
        if ans:
            data["answer"][lang] = ans
    for key in DATE_FIELDS:
        value = (form.get(key) or "").strip()
        if value or key == "last_reviewed":
            data[key] = value
    related = [r for r in re.split(r"[\s,|]+", form.get("related") or "") if r]
    if related:
        data["related"] = related
    return data


def normalise(data: dict) -> dict:
    """The canonical stored form of a valid entry dict: the schema's own round trip."""
    return Entry.from_dict(data).as_dict()


def data_to_form(data: dict) -> dict:
    """Form field values for an entry dict."""
    form = {"id": data.get("id", ""), "topic": data.get("topic", ""),
            "related": ", ".join(data.get("related") or [])}
    for k in ("publisher", "title", "url"):
        form[f"source_{k}"] = (data.get("source") or {}).get(k, "")
    form["source_homepage"] = "1" if (data.get("source") or {}).get("homepage") else ""
    for key in DATE_FIELDS:
        form[key] = str(data.get(key) or "")
    for lang in LANGS:
        form[f"q_{lang}"] = "\n".join((data.get("questions") or {}).get(lang, []))
        form[f"a_{lang}"] = (data.get("answer") or {}).get(lang, "")
    return form


def entry_state(row: dict, today: dt.date) -> dict:
    """Flags for lists: expired, review due, missing languages."""
    data = row["data"]
    valid_until = parse_date(data.get("valid_until"))
    last = parse_date(data.get("last_reviewed"))
    due = parse_date(data.get("review_due"))
    review_due = bool((last and last < today - dt.timedelta(days=365)) or (due and due <= today))
    return {"expired": bool(valid_until and valid_until < today), "review_due": review_due,
            "missing": [lang for lang in LANGS if not (data.get("answer") or {}).get(lang)]}
