"""The visa rules as data, their checks, and the advice for one nationality and length of stay.

Rules come from knowledge_base/visa_policy.yaml (the seed) or, at run time, from the workspace's
published rules (knowledge_base.store). A rule past its valid_until is never used.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from knowledge_base.schema import parse_date
from knowledge_base import yamlio

SEED = Path(__file__).resolve().parent.parent / "knowledge_base" / "visa_policy.yaml"
REGIMES = ("visa_free", "evisa", "special")
PASSPORTS = ("all", "ordinary")
PURPOSES = ("any", "tourism")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")


BASIS_KINDS = ("resolution", "law", "agreement")


@dataclass(frozen=True)
class LegalBasis:
    title: str
    publisher: str
    url: str
    kind: str = "agreement"  # resolution | law | agreement
    reference: str | None = None  # "44/NQ-CP": the number said in the reply

    def as_dict(self) -> dict:
        out = {"title": self.title, "publisher": self.publisher, "url": self.url, "kind": self.kind,
               "reference": self.reference}
        return {k: v for k, v in out.items() if v}

    def source(self) -> dict:
        """The source card shown under an answer."""
        return {"title": self.title, "publisher": self.publisher, "url": self.url}


@dataclass(frozen=True)
class Rule:
    id: str
    regime: str
    countries: tuple[str, ...] | None  # None: every nationality
    days: int
    passports: str
    purposes: str
    legal_basis: LegalBasis
    valid_from: dt.date | None
    valid_until: dt.date | None
    last_reviewed: dt.date
    review_due: dt.date | None = None
    entry_id: str | None = None
    area: str | None = None
    fee_usd: dict = field(default_factory=dict)
    portal: str | None = None
    note: str | None = None  # a condition worth saying (English; shown as is)

    def covers(self, country: str) -> bool:
        return self.countries is None or country in self.countries

    def in_force(self, today: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= today) and \
            (self.valid_until is None or today <= self.valid_until)

    @classmethod
    def from_dict(cls, d: dict) -> "Rule":
        countries = d.get("countries")
        basis = d.get("legal_basis") or {}
        return cls(
            id=str(d["id"]), regime=str(d["regime"]),
            countries=None if countries == "all" else tuple(str(c).upper() for c in countries or ()),
            days=int(d["days"]), passports=str(d.get("passports") or "all"), purposes=str(d.get("purposes") or "any"),
            legal_basis=LegalBasis(str(basis.get("title") or ""), str(basis.get("publisher") or ""),
                                   str(basis.get("url") or ""), str(basis.get("kind") or "agreement"),
                                   str(basis["reference"]) if basis.get("reference") else None),
            valid_from=parse_date(d.get("valid_from")), valid_until=parse_date(d.get("valid_until")),
            last_reviewed=parse_date(d.get("last_reviewed")) or dt.date.today(),
            review_due=parse_date(d.get("review_due")),
            entry_id=d.get("entry_id") or None, area=d.get("area") or None,
            fee_usd=dict(d.get("fee_usd") or {}), portal=d.get("portal") or None, note=d.get("note") or None)

    def as_dict(self) -> dict:
        out = {"id": self.id, "regime": self.regime,
               "countries": "all" if self.countries is None else list(self.countries),
               "days": self.days, "passports": self.passports, "purposes": self.purposes,
               "legal_basis": self.legal_basis.as_dict(),
               "valid_from": _iso(self.valid_from), "valid_until": _iso(self.valid_until),
               "last_reviewed": _iso(self.last_reviewed), "review_due": _iso(self.review_due),
               "entry_id": self.entry_id, "area": self.area, "fee_usd": self.fee_usd or None,
               "portal": self.portal, "note": self.note}
        return {k: v for k, v in out.items() if v is not None}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def load_seed(path: Path = SEED) -> list[dict]:
    """The rules of the seed file, as plain dicts (dates as ISO strings)."""
    doc = yamlio.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [Rule.from_dict(d).as_dict() if not validate_rule(d) else d for d in doc.get("rules") or []]


def validate_rule(d: dict) -> list[str]:
    """What is wrong with one rule (empty when it is sound on its own)."""
    from .nationality import territories

    problems = []
    rid = d.get("id")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        problems.append("id: lower-case letters, digits and hyphens (3-80 characters)")
    if d.get("regime") not in REGIMES:
        problems.append(f"regime: one of {', '.join(REGIMES)}")
    countries = d.get("countries")
    if countries == "all":
        if d.get("regime") == "visa_free":
            problems.append("countries: a visa-free rule lists its countries")
    elif not isinstance(countries, list) or not countries:
        problems.append("countries: a list of ISO 3166 codes, or 'all'")
    else:
        known = territories()
        unknown = [c for c in countries if not isinstance(c, str) or c.upper() not in known]
        if unknown:
            problems.append(f"countries: not CLDR territories: {', '.join(map(str, unknown))}")
        if len({str(c).upper() for c in countries}) != len(countries):
            problems.append("countries: listed twice")
    days = d.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        problems.append("days: a whole number of days (1-366)")
    if d.get("passports", "all") not in PASSPORTS:
        problems.append(f"passports: one of {', '.join(PASSPORTS)}")
    if d.get("purposes", "any") not in PURPOSES:
        problems.append(f"purposes: one of {', '.join(PURPOSES)}")
    basis = d.get("legal_basis") or {}
    for key in ("title", "publisher", "url"):
        if not isinstance(basis.get(key), str) or not basis.get(key).strip():
            problems.append(f"legal_basis.{key}: required")
    if basis.get("kind", "agreement") not in BASIS_KINDS:
        problems.append(f"legal_basis.kind: one of {', '.join(BASIS_KINDS)}")
    if basis.get("kind") in ("resolution", "law") and not basis.get("reference"):
        problems.append("legal_basis.reference: the number of the resolution or law")
    url = basis.get("url") if isinstance(basis.get("url"), str) else ""
    parsed = urlparse(url)
    if url and (parsed.scheme not in ("http", "https") or not parsed.netloc):
        problems.append("legal_basis.url: an http(s) address")
    elif url and parsed.path in ("", "/") and not parsed.query:
        problems.append("legal_basis.url: a deep link to the document, not a home page")
    try:
        start, end = parse_date(d.get("valid_from")), parse_date(d.get("valid_until"))
        parse_date(d.get("review_due"))
        if not parse_date(d.get("last_reviewed")):
            problems.append("last_reviewed: required")
        if start and end and end < start:
            problems.append("valid_until: before valid_from")
        if end is None and d.get("regime") == "visa_free" and not d.get("review_due"):
            problems.append("valid_until or review_due: a visa-free rule must say when it ends or is next checked")
    except (TypeError, ValueError):
        problems.append("dates: YYYY-MM-DD")
    if d.get("regime") == "evisa":
        fee = d.get("fee_usd") or {}
        if not all(isinstance(fee.get(k), (int, float)) for k in ("single", "multiple")):
            problems.append("fee_usd: single and multiple amounts in US dollars")
        if not isinstance(d.get("portal"), str) or not d["portal"].startswith("https://"):
            problems.append("portal: the official portal's https address")
    if d.get("regime") == "special" and not d.get("area"):
        problems.append("area: the place a special rule covers")
    return problems


def validate(rules: list[dict]) -> list[str]:
    """Problems with a set of rules: each rule's own, duplicate ids, and overlapping visa-free rules."""
    problems, sound = [], []
    seen: set[str] = set()
    for d in rules:
        own = validate_rule(d)
        problems += [f"{d.get('id')}: {p}" for p in own]
        if not own:
            sound.append(Rule.from_dict(d))
        if d.get("id") in seen:
            problems.append(f"{d.get('id')}: id used twice")
        seen.add(d.get("id"))
    free = [r for r in sound if r.regime == "visa_free"]
    for i, a in enumerate(free):
        for b in free[i + 1:]:
            shared = set(a.countries or ()) & set(b.countries or ())
            if shared and _overlap(a, b):
                problems.append(f"{a.id} and {b.id} both exempt {', '.join(sorted(shared))} at the same time")
    if sum(1 for r in sound if r.regime == "evisa" and r.valid_until is None) > 1:
        problems.append("more than one open-ended e-visa rule")
    return problems


def _overlap(a: Rule, b: Rule) -> bool:
    lo = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    hi = min(a.valid_until or dt.date.max, b.valid_until or dt.date.max)
    return lo <= hi


@dataclass(frozen=True)
class Advice:
    """What a visitor of one nationality needs for a stay, on one day."""

    country: str
    stay: int | None
    outcome: str  # visa_free | evisa | long_stay
    exemption: Rule | None  # the visa-free rule for this nationality, if any
    evisa: Rule | None
    special: tuple[Rule, ...]

    @property
    def rules(self) -> list[Rule]:
        """The rules this advice rests on, the deciding one first."""
        first = self.exemption if self.outcome == "visa_free" else self.evisa
        rest = [r for r in (self.exemption, self.evisa) if r and r is not first]
        return [r for r in (first, *rest) if r]


def advise(rules: list[Rule], country: str, stay: int | None, today: dt.date) -> Advice:
    """The advice for a nationality and an optional length of stay, from the rules in force today."""
    live = [r for r in rules if r.in_force(today)]
    exemption = next((r for r in live if r.regime == "visa_free" and r.covers(country)), None)
    evisa = next((r for r in live if r.regime == "evisa" and r.covers(country)), None)
    special = tuple(r for r in live if r.regime == "special" and r.covers(country))
    if exemption and (stay is None or stay <= exemption.days):
        outcome = "visa_free"
    elif evisa and (stay is None or stay <= evisa.days):
        outcome = "evisa"
    else:
        outcome = "long_stay"
    return Advice(country, stay, outcome, exemption, evisa, special)
