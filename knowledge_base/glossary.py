"""Abbreviations and synonyms: a question that says "IRC" or "TTĐT" also means their spelled-out forms.

A small multilingual encoder knows little of "IRC", "DN1" or "TRC", and character n-grams cannot link
"CIT" to "corporate income tax". Each glossary term lists the forms people type (`match`) and the
words to add to the question (`expand`, per language, English as fallback). The expanded question
feeds both the dense encoder and the lexical re-ranking. Editors maintain the terms in the workspace;
the file `knowledge_base/glossary.yaml` seeds them, and every index version carries its own copy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .schema import ID_RE, LANGS
from . import yamlio

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.yaml"
MAX_EXPANSIONS = 3


@dataclass(frozen=True)
class Term:
    """One glossary term: the forms that name it and what it means per language."""

    id: str
    match: tuple[str, ...]
    expand: dict[str, str]

    def as_dict(self) -> dict:
        """The YAML form."""
        return {"id": self.id, "match": list(self.match), "expand": dict(self.expand)}


def _pattern(form: str) -> re.Pattern:
    # short all-capital forms are abbreviations: "IRC" yes, "irc" in "circle" no
    if form.isupper() and len(form) <= 6:
        return re.compile(rf"(?<![\w]){re.escape(form)}(?![\w])")
    if re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", form):
        return re.compile(re.escape(form))
    return re.compile(rf"(?<![\w]){re.escape(form)}(?![\w])", re.IGNORECASE)


def validate_terms(items) -> list[str]:
    """Problems with a list of glossary terms (empty when valid)."""
    errs = []
    if not isinstance(items, list):
        return ["terms must be a list"]
    seen = set()
    for n, t in enumerate(items, 1):
        if not isinstance(t, dict):
            errs.append(f"term #{n} is not a mapping")
            continue
        tid = t.get("id")
        if not isinstance(tid, str) or not ID_RE.match(tid):
            errs.append(f"term #{n}: id {tid!r} must be lowercase kebab-case")
        elif tid in seen:
            errs.append(f"term {tid}: duplicate id")
        seen.add(tid)
        match = t.get("match")
        if not isinstance(match, list) or not match or not all(isinstance(m, str) and m.strip() for m in match):
            errs.append(f"term {tid}: match must be a non-empty list of strings")
        expand = t.get("expand")
        if not isinstance(expand, dict) or not isinstance(expand.get("en"), str) or not expand["en"].strip():
            errs.append(f"term {tid}: expand needs at least an English text")
        elif any(k not in LANGS or not isinstance(v, str) for k, v in expand.items()):
            errs.append(f"term {tid}: expand keys must be supported language codes with text")
    return errs


def load_terms(path: Path = GLOSSARY_FILE) -> list[dict]:
    """The glossary terms of a YAML file, as dicts."""
    doc = yamlio.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return list(doc.get("terms") or [])


class Glossary:
    """Expands questions with the meaning of the terms they contain."""

    def __init__(self, terms: list[dict]):
        self.terms = [Term(t["id"], tuple(t["match"]), dict(t["expand"])) for t in terms]
        self._patterns = [(term, [_pattern(m) for m in term.match]) for term in self.terms]

    def found(self, question: str) -> list[Term]:
        """Terms named in the question, in glossary order."""
        return [term for term, pats in self._patterns if any(p.search(question) for p in pats)]

    def expand(self, question: str, lang: str | None) -> str:
        """The question followed by the meaning of up to three terms it names (unchanged when none)."""
        extra = []
        low = question.lower()
        for term in self.found(question)[:MAX_EXPANSIONS]:
            text = term.expand.get(lang or "en") or term.expand["en"]
            if text.lower() not in low:
                extra.append(text)
        return f"{question} ({'; '.join(extra)})" if extra else question
