"""Freshness and provenance checks on entries: what an editor must fix or re-check, and why.

One function, `findings(entries, today)`, feeds `python -m knowledge_base check` (errors fail it, and so
CI) and the workspace's "Needs attention" list. Each check looks at the English answer, which editors
write first; former agency names are also looked for in Vietnamese; numbers are compared across all nine
languages by `numbers.mismatches`.

Errors (the content is wrong or unsourced as it stands):
- bare_source     the source is a site's home page, not the document (unless `source.homepage: true`)
- past_as_future  a sentence speaks of a date that has passed as still to come ("scheduled for", "will" …)
- old_as_of       "as of <date>" more than 12 months ago
- former_name     a renamed or merged agency named as if it still existed (renames.yaml)
- no_validity     counts, fees, rates, country lists or recent dated events, with neither valid_until
                  nor review_due
- number_mismatch a translation's numbers differ from the English answer's
- measure_ended   a sentence says in the present that something applies "until <date>", and that date has passed
                  (a temporary fee cut, a tax reduction, an exemption: the answer must say what applies now)
Notices (the calendar says: act soon):
- expiring        valid_until within 60 days (after it the entry is not served)
- measure_ending  a sentence says that something applies "until <date>", that date is within 60 days, and the entry
                  stays served after it
- review_due      review_due within 60 days, or passed
- expired         valid_until has passed: the entry is no longer served
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from .numbers import mismatches
from . import yamlio
from .schema import Entry, successors

SOON = dt.timedelta(days=60)
AS_OF_MAX_AGE = dt.timedelta(days=365)
ERROR_CHECKS = ("bare_source", "past_as_future", "old_as_of", "former_name", "no_validity", "number_mismatch",
                "measure_ended")
NOTICE_CHECKS = ("expired", "expiring", "measure_ending", "review_due")
LABELS = {
    "bare_source": "Source is a home page",
    "past_as_future": "Past date written as future",
    "old_as_of": "\u201cAs of\u201d more than a year old",
    "former_name": "Former agency name",
    "no_validity": "Changeable facts without valid_until or review_due",
    "number_mismatch": "Numbers differ from the English answer",
    "measure_ended": "A measure stated as current has ended",
    "measure_ending": "A measure in the answer ends within 60 days",
    "expired": "Expired (no longer served)",
    "expiring": "Expires within 60 days",
    "review_due": "Review due",
}
# paths that are a site's front door rather than a document
_HOME_PATHS = {"", "en", "vi", "vn", "en-us", "home", "index", "index.html", "index.htm", "index.php",
               "default.aspx", "pages/default.aspx", "pages/home.aspx", "portal", "web/guest", "en/home", "vi/home"}
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?:%s)\.?" % "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(
    rf"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b)"
    rf"|(?P<dmy>\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})\s+(?P<y1>(?:19|20)\d\d)\b)"
    rf"|(?P<mdy>\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d)\b)"
    rf"|(?P<my>\b(?P<m3>{_MONTH})\s+(?P<y3>(?:19|20)\d\d)\b)"
    rf"|(?P<y>\b(?P<y4>(?:19|20)\d\d)\b)",
    re.IGNORECASE)
_FUTURE_RE = re.compile(
    r"\b(scheduled (?:for|to)|will|is due to|are due to|(?:is|are) expected to|is set to|are set to|"
    r"is planned|are planned|falls on|upcoming|forthcoming|from next)\b", re.IGNORECASE)
_AS_OF_RE = re.compile(r"\b(?:as of|as at|status at)\s+(?:the\s+)?(?:end(?:\s+of|-)?\s+)?", re.IGNORECASE)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\[(\"“])|\n+")
_HISTORICAL = {
    "en": re.compile(r"\b(formerly|former|previously|until (?:19|20)\d\d|renamed|merged|dissolved|abolished|"
                     r"then called|at the time|now (?:the|part)|has since|no longer|predecessor)\b", re.IGNORECASE),
    "vi": re.compile(r"(trước đây|nguyên là|\bcũ\b|nay là|\(nay|sáp nhập|hợp nhất|đổi tên|thời điểm đó)",
                     re.IGNORECASE),
}
# "until <date>" and its kin, right before a date: the end of a temporary measure
_UNTIL_RE = re.compile(r"\b(?:until|till|up to and including|to the end of|through the end of|ending on|ends on|"
                       r"expires on|expiring on)\s+(?:the\s+)?(?:end\s+of\s+)?", re.IGNORECASE)
# a sentence told in the past is history, not a stale claim ("the reduction applied until 30 June 2025"), and a
# worked example is not a measure ("if your passport expires on 30 June 2027, for example, …")
_PAST_TENSE_RE = re.compile(r"\b(?:was|were|had|ended|expired|lapsed|applied|remained|lasted|ran|used to|formerly|"
                            r"previously|no longer|for example|for instance|e\.g\.)", re.IGNORECASE)
# facts that change: money, rates, counts of countries or members
_CHANGEABLE_RE = re.compile(
    r"(\d[\d,.]*\s?%|\b(?:USD|US\$|VND|EUR|đồng|dong)\s?\d|\d[\d,.]*\s?(?:USD|VND|EUR|dong|đồng|million|billion)\b|"
    r"[$€]\s?\d|\b\d+\s+(?:countries|nations|partners|organisations|organizations|members|territories|"
    r"provinces|economies|free trade agreements|FTAs)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One thing an editor should look at."""

    entry_id: str
    check: str
    detail: str
    lang: str = "en"

    @property
    def is_error(self) -> bool:
        return self.check in ERROR_CHECKS

    @property
    def label(self) -> str:
        return LABELS[self.check]


@functools.lru_cache(maxsize=4)
def load_renames(path: str | None = None) -> tuple[dict, ...]:
    """The maintained table of renamed bodies (renames.yaml next to this module by default)."""
    file = Path(path) if path else Path(__file__).with_name("renames.yaml")
    return tuple((yamlio.safe_load(file.read_text(encoding="utf-8")) or {}).get("renames") or ())


def is_bare_url(url: str) -> bool:
    """True when the URL is a site's home page rather than a specific document or notice."""
    parsed = urlparse(url or "")
    path = parsed.path.strip("/").lower()
    return not parsed.query and path in _HOME_PATHS


def _end_of(match: re.Match) -> dt.date | None:
    """The last day a date expression can mean ("May 2025" -> 31 May 2025, "2025" -> 31 Dec 2025)."""
    g = match.groupdict()
    try:
        if g["iso"]:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["dmy"]:
            return dt.date(int(g["y1"]), _MONTHS[g["m1"].rstrip(".").lower()], int(g["d1"]))
        if g["mdy"]:
            return dt.date(int(g["y2"]), _MONTHS[g["m2"].rstrip(".").lower()], int(g["d2"]))
        if g["my"]:
            year, month = int(g["y3"]), _MONTHS[g["m3"].rstrip(".").lower()]
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if g["y"]:
            return dt.date(int(g["y4"]), 12, 31)
    except (ValueError, KeyError):
        return None
    return None


def _date_at(text: str, pos: int) -> re.Match | None:
    """The date expression that starts at pos, past an opening bold marker ("until **31 December 2026**")."""
    return _DATE_RE.match(text, pos + 2 if text.startswith("**", pos) else pos)


def dates_in(text: str) -> list[dt.date]:
    """Every date expression in text, each as the last day it can mean."""
    return [d for d in (_end_of(m) for m in _DATE_RE.finditer(text)) if d]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.split(text or "") if s.strip()]


def past_as_future(text: str, today: dt.date) -> list[str]:
    """Sentences that speak of the future but whose every date has passed."""
    found = []
    for sentence in _sentences(text):
        if not _FUTURE_RE.search(sentence):
            continue
        dates = dates_in(sentence)
        if dates and max(dates) < today:
            found.append(sentence)
    return found


def old_as_of(text: str, today: dt.date) -> list[str]:
    """"As of <date>" phrases whose date is more than a year before today."""
    found = []
    for m in _AS_OF_RE.finditer(text or ""):
        date = _date_at(text, m.end())
        when = _end_of(date) if date else None
        if when and when < today - AS_OF_MAX_AGE:
            found.append(text[m.start():date.end()])
    return found


def measure_ends(text: str) -> list[tuple[str, dt.date]]:
    """(sentence, end date) for each sentence that says in the present tense that something applies until a date."""
    found = []
    for sentence in _sentences(text):
        if _PAST_TENSE_RE.search(sentence):
            continue
        ends = []
        for m in _UNTIL_RE.finditer(sentence):
            date = _date_at(sentence, m.end())
            when = _end_of(date) if date else None
            if when:
                ends.append(when)
        if ends:
            found.append((sentence, max(ends)))
    return found


def former_names(text: str, lang: str, renames=None) -> list[tuple[str, str]]:
    """(old name, current name) for each renamed body the text names as if it still existed."""
    historical = _HISTORICAL.get(lang)
    current = [s.lower() for s in _sentences(text) if not (historical and historical.search(s))]
    found = []
    for item in renames if renames is not None else load_renames():
        for name in (item.get("old") or {}).get(lang) or ():
            if any(name.lower() in sentence for sentence in current):
                found.append((name, item["now"]))
    return found


def needs_validity(entry: Entry, today: dt.date) -> str | None:
    """Why the entry needs valid_until or review_due (None when it has one or states nothing changeable)."""
    if entry.valid_until or entry.review_due:
        return None
    text = entry.answer.get("en", "")
    m = _CHANGEABLE_RE.search(text)
    if m:
        return f"states “{m.group(0).strip()}”"
    recent = [d for d in dates_in(text) if d.year >= today.year - 1]
    if recent:
        return f"states a recent dated fact ({max(recent).year})"
    return None


def entry_findings(entry: Entry, today: dt.date, *, renames=None) -> list[Finding]:
    """Every finding for one entry."""
    out: list[Finding] = []
    eid = entry.id
    if is_bare_url(entry.source.url) and not entry.source.homepage:
        out.append(Finding(eid, "bare_source", f"{entry.source.url} is a home page; link the document itself, "
                                               f"or mark the source as a home page on purpose"))
    english = entry.answer.get("en", "")
    for sentence in past_as_future(english, today):
        out.append(Finding(eid, "past_as_future", sentence[:200]))
    for phrase in old_as_of(english, today):
        out.append(Finding(eid, "old_as_of", phrase))
    for sentence, end in measure_ends(english):
        if end < today:
            out.append(Finding(eid, "measure_ended", f"ended {end}: {sentence[:200]}"))
        elif end <= today + SOON and not (entry.valid_until and entry.valid_until <= end):
            out.append(Finding(eid, "measure_ending", f"ends {end}: {sentence[:200]}"))
    for lang in ("en", "vi"):
        for old, now in former_names(entry.answer.get(lang, ""), lang, renames):
            out.append(Finding(eid, "former_name", f"“{old}” is now: {now}", lang))
    why = needs_validity(entry, today)
    if why:
        out.append(Finding(eid, "no_validity", why))
    for lang, detail in mismatches(entry.answer):
        out.append(Finding(eid, "number_mismatch", detail, lang))
    if entry.valid_until:
        if entry.valid_until < today:
            out.append(Finding(eid, "expired", f"valid_until {entry.valid_until} has passed"))
        elif entry.valid_until <= today + SOON:
            out.append(Finding(eid, "expiring", f"valid_until {entry.valid_until}"))
    if entry.review_due and entry.review_due <= today + SOON:
        out.append(Finding(eid, "review_due", f"review_due {entry.review_due}"))
    return out


def findings(items: list[dict], today: dt.date | None = None, renames=None) -> list[Finding]:
    """Findings for entry dicts (valid ones; validation is the schema's job), entries in the given order."""
    today = today or dt.date.today()
    entries: list[Entry] = []
    for data in items:
        try:
            entries.append(Entry.from_dict(data))
        except (KeyError, TypeError, ValueError):
            continue
    chain = successors({entry.id: entry for entry in entries})
    out: list[Finding] = []
    for entry in entries:
        for found in entry_findings(entry, today, renames=renames):
            if found.check in ("expired", "expiring"):
                then = chain.get(entry.id)
                found = dataclasses.replace(found, detail=found.detail + (
                    f"; {then} takes over its questions" if then else "; no entry takes over its questions"))
            out.append(found)
    return out
