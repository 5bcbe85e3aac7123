"""Entry schema: the shape of a curated knowledge-base entry and its validation."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from language.names import SUPPORTED as LANGS  # noqa: E402  (the one list of nine languages)
TOPICS = ("policy", "culture", "investment", "travel", "foreign-information")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")
MAX_ANSWER_CHARS = 2000


def parse_date(value: Any) -> dt.date | None:
    """A date from YAML, a form or JSON: a date, a datetime, an ISO string, or empty (None)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class Source:
    """Where an answer comes from."""

    publisher: str
    title: str
    url: str
    homepage: bool = False  # the site's home page is itself the answer (e.g. the e-visa portal)

    def as_dict(self) -> dict:
        """Plain-dict form, as the API and YAML carry it (homepage only when set)."""
        out = {"publisher": self.publisher, "title": self.title, "url": self.url}
        if self.homepage:
            out["homepage"] = True
        return out


@dataclass(frozen=True)
class Entry:
    """A curated question-and-answer entry with a translation per language."""

    id: str
    topic: str
    questions: dict[str, list[str]]
    answer: dict[str, str]
    source: Source
    last_reviewed: dt.date
    effective_date: dt.date | None = None
    valid_until: dt.date | None = None
    review_due: dt.date | None = None
    related: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, data: dict) -> "Entry":
        """Build an entry from its YAML/JSON form; call validate_entry first."""
        return cls(
            id=data["id"],
            topic=data["topic"],
            questions={k: list(v) for k, v in (data.get("questions") or {}).items() if v},
            answer={k: v for k, v in data["answer"].items() if v},
            source=Source(**{k: data["source"][k] for k in ("publisher", "title", "url")},
                          homepage=bool(data["source"].get("homepage"))),
            last_reviewed=parse_date(data["last_reviewed"]),
            effective_date=parse_date(data.get("effective_date")),
            valid_until=parse_date(data.get("valid_until")),
            review_due=parse_date(data.get("review_due")),
            related=tuple(data.get("related") or ()),
        )

    def as_dict(self) -> dict:
        """The YAML/JSON form; dates as ISO strings, optional fields only when set."""
        out: dict[str, Any] = {
            "id": self.id,
            "topic": self.topic,
            "questions": {k: list(v) for k, v in self.questions.items()},
            "answer": dict(self.answer),
            "source": self.source.as_dict(),
            "last_reviewed": self.last_reviewed.isoformat(),
        }
        for key in ("effective_date", "valid_until", "review_due"):
            if getattr(self, key):
                out[key] = getattr(self, key).isoformat()
        if self.related:
            out["related"] = list(self.related)
        return out

    def is_expired(self, today: dt.date | None = None) -> bool:
        """True once valid_until has passed: expired entries are never served."""
        today = today or dt.date.today()
        return self.valid_until is not None and self.valid_until < today

    def first_question(self, lang: str) -> str:
        """A phrasing of this entry's question in lang, falling back to English."""
        for code in (lang, "en"):
            if self.questions.get(code):
                return self.questions[code][0]
        return next(iter(self.questions.values()))[0]


def successors(entries) -> dict[str, str]:
    """Which entry takes over an entry's questions once it lapses: entry id -> successor id.

    The successor is the one entry that takes effect the day after the entry's `valid_until` and that either of the
    two lists as related (invest-vat, valid until 31 December 2026, and invest-vat-2027, in effect from 1 January
    2027). A question that the lapsed entry's phrasings answered ("Quel est le taux de TVA au Vietnam ?") then finds
    the successor with the lapsed entry's scores, without a rebuild: the index and the entry classifier learnt those
    questions under the lapsed entry, and on its own the successor's year-specific phrasings left the question to a
    neighbour (the CIT rate). With no such entry, or two, an entry simply lapses. `entries` maps ids to Entry objects.
    """
    out: dict[str, str] = {}
    for entry in entries.values():
        if entry.valid_until is None:
            continue
        next_day = entry.valid_until + dt.timedelta(days=1)
        found = [s.id for s in entries.values() if s.id != entry.id and s.effective_date == next_day
                 and (s.id in entry.related or entry.id in s.related)]
        if len(found) == 1:
            out[entry.id] = found[0]
    return out


def live_successor(entry_id: str, entries, chain: dict[str, str], today: dt.date) -> str | None:
    """The entry that answers for `entry_id` today: itself while it is valid, else its successor (or theirs), or None
    when nothing takes over."""
    seen = set()
    while entry_id not in seen:
        seen.add(entry_id)
        entry = entries.get(entry_id)
        if entry is None:
            return None
        if not entry.is_expired(today):
            return entry_id
        entry_id = chain.get(entry_id)
        if entry_id is None:
            return None
    return None


def validate_entry(data: Any, *, require_all_langs: bool = True) -> list[str]:
    """Return a list of human-readable problems with one entry dict (empty when valid)."""
    if not isinstance(data, dict):
        return ["entry is not a mapping"]
    errs: list[str] = []
    eid = data.get("id")
    if not isinstance(eid, str) or not ID_RE.match(eid):
        errs.append(f"id {eid!r} must be lowercase kebab-case")
    else:
        from .scope import PARTNER_PREFIX, partner_of

        if eid.startswith(PARTNER_PREFIX) and partner_of(eid) is None:
            # the ranking reads the partner from the id (knowledge_base.scope.partner_of)
            errs.append(f"id {eid!r}: an entry on relations with one country ends its id with that country's English "
                        f"name ({PARTNER_PREFIX}united-states, {PARTNER_PREFIX}south-africa)")
    if data.get("topic") not in TOPICS:
        errs.append(f"topic {data.get('topic')!r} must be one of {', '.join(TOPICS)}")
    answers = data.get("answer")
    if not isinstance(answers, dict):
        errs.append("answer must map language codes to text")
        answers = {}
    for lang, text in answers.items():
        if lang not in LANGS:
            errs.append(f"answer has unknown language {lang!r}")
        elif not isinstance(text, str) or not text.strip():
            errs.append(f"answer[{lang}] is empty")
        elif len(text) > MAX_ANSWER_CHARS:
            errs.append(f"answer[{lang}] is longer than {MAX_ANSWER_CHARS} characters")
    wanted = LANGS if require_all_langs else ("en",)
    missing = [lang for lang in wanted if not (isinstance(answers.get(lang), str) and answers[lang].strip())]
    if missing:
        errs.append(f"answer missing languages: {', '.join(missing)}")
    questions = data.get("questions")
    if not isinstance(questions, dict) or not questions:
        errs.append("questions must map language codes to lists of phrasings")
    else:
        for lang, items in questions.items():
            if lang not in LANGS:
                errs.append(f"questions has unknown language {lang!r}")
            elif not isinstance(items, list) or not all(isinstance(q, str) and q.strip() for q in items):
                errs.append(f"questions[{lang}] must be a list of non-empty strings")
        if not questions.get("en"):
            errs.append("questions needs at least one English phrasing")
    source = data.get("source")
    if not isinstance(source, dict):
        errs.append("source must have publisher, title and url")
    else:
        for key in ("publisher", "title", "url"):
            if not isinstance(source.get(key), str) or not source[key].strip():
                errs.append(f"source.{key} is missing")
        if "homepage" in source and not isinstance(source["homepage"], bool):
            errs.append("source.homepage must be true or false")
        if isinstance(source.get("url"), str) and not URL_RE.match(source["url"]):
            errs.append(f"source.url {source['url']!r} is not an http(s) URL")
    dates = {}
    for key in ("last_reviewed", "effective_date", "valid_until", "review_due"):
        try:
            dates[key] = parse_date(data.get(key))
        except (TypeError, ValueError):
            errs.append(f"{key} {data.get(key)!r} is not a date (YYYY-MM-DD)")
    if "last_reviewed" in dates and dates["last_reviewed"] is None:
        errs.append("last_reviewed is required")
    if dates.get("effective_date") and dates.get("valid_until") and dates["valid_until"] < dates["effective_date"]:
        errs.append("valid_until is before effective_date")
    related = data.get("related") or []
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        errs.append("related must be a list of entry ids")
    return errs


def phrasing_key(question: str) -> str:
    """A phrasing reduced to its words, in any order, case and punctuation ignored: "validité passeport Vietnam"
    and "Vietnam : passeport, validité" are the same phrasing."""
    return " ".join(sorted(re.sub(r"[^\w\s]", " ", question.casefold()).split()))


def phrasing_owners(items: list) -> dict[tuple[str, str], set[str]]:
    """(language, phrasing key) -> the ids of the entries that list that phrasing."""
    owners: dict[tuple[str, str], set[str]] = {}
    for data in items:
        if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
            continue
        for lang, qs in data["questions"].items():
            for q in qs if isinstance(qs, list) else []:
                if isinstance(q, str) and q.strip() and isinstance(data.get("id"), str):
                    owners.setdefault((lang, phrasing_key(q)), set()).add(data["id"])
    return owners


def shared_phrasings(data: dict, owners: dict[tuple[str, str], set[str]]) -> list[str]:
    """Problems for the phrasings of `data` that another entry also lists (in the same language). Two entries with
    one phrasing tie on exactly the question it stands for, so neither can be answered with confidence: on
    2026-12-04 five phrasings ("validité passeport Vietnam", "срок действия паспорта Вьетнам", "テト 2027 日付"…)
    stood in two entries each."""
    errs = []
    for lang, qs in (data.get("questions") or {}).items():
        for q in qs if isinstance(qs, list) else []:
            if not isinstance(q, str):
                continue
            others = sorted(o for o in owners.get((lang, phrasing_key(q)), ()) if o != data.get("id"))
            if others:
                errs.append(f"phrasing {q!r} [{lang}] is also a phrasing of {', '.join(others)}")
    return errs


def validate_entries(items: list) -> dict[str, list[str]]:
    """Validate many entries, also across them (unique ids, known related ids, no phrasing in two entries)."""
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    ids = {d.get("id") for d in items if isinstance(d, dict) and isinstance(d.get("id"), str)}
    owners = phrasing_owners(items)
    for n, data in enumerate(items):
        key = data["id"] if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] else f"#{n + 1}"
        errs = validate_entry(data)
        if key in seen:
            errs.append("duplicate id")
        seen.add(key)
        if isinstance(data, dict):
            related = data.get("related")
            for rel in related if isinstance(related, list) else []:
                if not isinstance(rel, str) or rel not in ids:
                    errs.append(f"related id {rel!r} does not exist")
            if key not in problems and not errs:
                errs += shared_phrasings(data, owners)
        if errs:
            problems[key] = errs
    return problems
