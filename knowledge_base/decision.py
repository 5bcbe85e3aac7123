"""Answer, suggest or decline: the one decision that live chat and the workspace preview share.

The retrieval score alone answers a neighbouring question with full confidence too often on real
questions, so a small logistic model turns several signals into the probability that the best entry
is right: the fused score, its margin over the second entry, the dense score, the lexical share,
whether the dense and fused rankings agree, the best match among the answer's own sentences,
named things (numbers, abbreviations, countries) that the question has and the entry lacks, the
entry classifier's probability for the best entry (knowledge_base.classifier), and that probability summed over
the four best entries (`near`: how much of the classifier's belief lies among the entries a "Did you mean…?" could
offer; low when the question is about something no entry covers).
`eval/calibrate_real.py` fits it on the `dev` split of real questions and chooses the bands so that
the upper 95% bound of the wrong-answer rate stays under the target.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# the signals both models weigh
BASE_FEATURES = ("score", "margin", "dense", "lexical", "agree", "sentence", "unmatched", "yesno", "short", "clf",
                 "near")
# the answer model also weighs how close the question comes to one of the best entry's own phrasings (`close`, see
# closeness): on real questions the share of right best entries climbs steeply at the very top of the dense scale
# (fitting pool without `dev`, 2026-12-06: 88% right from 0.95, 98% from 0.97, 100% from 0.975), which one linear
# weight on `dense` cannot follow. In nested cross-validation on the fitting pool (6 x 5 folds, models and answer
# band chosen inside each fold, 940 questions) the right answers given outright rose from 118.5 to 153.2 per pass
# with 3.3 and 3.2 wrong ones.
FEATURES = BASE_FEATURES + ("close",)
# the suggest model (is a right entry among the "Did you mean…?" buttons?) also weighs whether the best entry was
# matched in the visitor's own language (`own_language`) and how many of the best entries share its subject area
# (`same_area`: visa, invest, culture…; a question on a subject the base covers draws its neighbours from one area).
# In nested cross-validation on the fitting pool (10 x 5 folds, 792 questions, 2026-12-05) good outcomes were 81.7%
# without them and 82.5% with them; the answer model is unchanged (with them there as well, wrong answers rose from
# 81 to 98 over the 50 folds).
SUGGEST_FEATURES = BASE_FEATURES + ("own_language", "same_area")
# every signal a calibration may name (the models' feature lists are stored with their weights)
KNOWN_FEATURES = frozenset(FEATURES) | frozenset(SUGGEST_FEATURES)
# where `close` starts, on the e5 encoder's cosine scale (another encoder's calibration weighs it as its data say)
CLOSE_FROM = 0.97


def closeness(dense: float) -> float:
    """0 below CLOSE_FROM, rising to 1 at a dense score of 1 (the question is one of the entry's phrasings)."""
    return min(1.0, max(0.0, (dense - CLOSE_FROM) / (1.0 - CLOSE_FROM)))


# a bare "Yes."/"No." that opens an answer reads as a direct reply to whatever was asked
_YES_NO = re.compile(
    r"^\s*(?:\*\*)?(yes|no|oui|non|sí|si|ja|nein|да|нет|có|không|是的|是|不是|不|はい|いいえ|네|예|아니요|아니오)"
    r"(?:\*\*)?\s*[.,!:;，。、！]", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d+(?:[.,]\d+)?(?![A-Za-z0-9])")
_ABBREV = re.compile(r"(?<![\w])([A-Z][A-Z0-9]{1,5})(?![\w])")
# capitals that are ordinary words or name Viet Nam itself
_NOT_NAMED = {"OK", "VN", "VND", "USD", "FAQ", "PS", "AM", "PM", "II", "III", "IV", "TV", "ID", "HI"}


def opens_with_yes_no(text: str) -> bool:
    """True when an answer starts with a bare yes or no in any of the nine languages."""
    return bool(_YES_NO.match(text or ""))


def named_things(question: str) -> set[str]:
    """Numbers and abbreviations in a question, lowercased: things an answer must also name."""
    things = {m.group(0) for m in _NUMBER.finditer(question)}
    things |= {m.group(1).lower() for m in _ABBREV.finditer(question) if m.group(1) not in _NOT_NAMED}
    return things


def unmatched_count(question: str, entry_text: str, question_countries: set[str],
                    entry_countries: set[str]) -> int:
    """How many named things of the question the entry never mentions (countries included)."""
    low = entry_text.lower()
    missing = sum(1 for t in named_things(question) if t not in low)
    return missing + len(question_countries - entry_countries)


_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_VIETNAM = re.compile(r"vi[eệ]t\s?nam(ese)?|вьетнам\w*|越南|ベトナム|베트남", re.IGNORECASE)


def one_term(question: str) -> bool:
    """True for a bare keyword ("visa", "ビザ", "Vietnam visa"): it names a subject, not a question about it."""
    rest = _VIETNAM.sub(" ", question)
    words = re.findall(r"\w+", rest)
    if _HAN_KANA.search(rest):
        return len(_HAN_KANA.findall(rest)) <= 4 and len(words) <= 2
    return len(words) <= 1


# "why" in the nine languages (なんで is left out: it opens なんでしょう, "what is it")
_WHY = re.compile(r"\bwhy\b|pourquoi|por ?qué|\bwarum\b|\bwieso\b|\bweshalb\b|почему|зачем|vì sao|tại sao|"
                  r"为什么|為什麼|为何|為何|なぜ|どうして|왜", re.IGNORECASE)


def asks_why(question: str) -> bool:
    """True when a question asks for a reason ("Why is it called …?", "Tại sao …?")."""
    return bool(_WHY.search(question))


def answered_only_by_choice(question: str) -> bool:
    """Questions never answered directly, only with "Did you mean…?": a bare keyword names a subject, not which
    question about it; a "why" question asks for a reason, which an entry on the subject rarely gives (on real
    questions such answers described the subject: "Why are they called Ông Công Ông Táo?" got the Kitchen Gods)."""
    return one_term(question) or asks_why(question)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


@dataclass(frozen=True)
class Bands:
    """The fitted model and the thresholds on its probability."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    answer: float  # probability needed to answer
    suggest: float  # probability needed to offer "Did you mean…?"
    strict: float  # probability needed to serve an answer that opens with a bare yes/no
    fitted_on: dict = field(default_factory=dict)
    # a second model: the probability that a right entry is among the suggestions (None: use the first)
    suggest_weights: tuple[float, ...] | None = None
    suggest_bias: float = 0.0
    # the suggest band per language, where calibration gave one (others use `suggest`)
    suggest_by_lang: dict = field(default_factory=dict)
    # the suggest model's standardisation over SUGGEST_FEATURES (None: its weights are over FEATURES, as before
    # round 24, and it shares the first model's)
    suggest_mean: tuple[float, ...] | None = None
    suggest_scale: tuple[float, ...] | None = None
    # the answer model's signals, in the order of `weights` (a calibration from before round 30 has BASE_FEATURES)
    answer_features: tuple[str, ...] = FEATURES

    @classmethod
    def from_dict(cls, data: dict | None, threshold: float) -> "Bands":
        """Bands from calibration.json, or a score-only fallback around the old threshold."""
        names = tuple((data or {}).get("features") or BASE_FEATURES)
        if data and len(data.get("weights", ())) == len(names) and set(names) <= KNOWN_FEATURES:
            sw = data.get("suggest_weights")
            sm, ss = data.get("suggest_mean"), data.get("suggest_scale")
            wide = bool(sw and sm and ss and len(sw) == len(sm) == len(ss) == len(SUGGEST_FEATURES))
            return cls(tuple(data["weights"]), float(data["bias"]), tuple(data["mean"]), tuple(data["scale"]),
                       float(data["answer"]), float(data["suggest"]), float(data.get("strict", data["answer"])),
                       dict(data.get("fitted_on") or {}),
                       tuple(sw) if sw and (wide or len(sw) == len(names)) else None,
                       float(data.get("suggest_bias", 0.0)),
                       {str(k): float(v) for k, v in (data.get("suggest_by_lang") or {}).items()},
                       tuple(sm) if wide else None, tuple(ss) if wide else None, names)
        # uncalibrated: p crosses 0.5 at the answer threshold and the suggest band starts 0.03 below it
        weights = tuple(60.0 if f == "score" else 0.0 for f in FEATURES)
        mean = tuple(threshold if f == "score" else 0.0 for f in FEATURES)
        return cls(weights, 0.0, mean, tuple(1.0 for _ in FEATURES), 0.5, _sigmoid(-60 * 0.03), 0.7)

    def as_dict(self) -> dict:
        """The calibration.json form."""
        out = {"features": list(self.answer_features), "weights": list(self.weights), "bias": self.bias,
               "mean": list(self.mean), "scale": list(self.scale), "answer": self.answer,
               "suggest": self.suggest, "strict": self.strict, "fitted_on": self.fitted_on}
        if self.suggest_weights is not None:
            out.update(suggest_weights=list(self.suggest_weights), suggest_bias=self.suggest_bias)
            if self.suggest_mean is not None:
                out.update(suggest_features=list(SUGGEST_FEATURES), suggest_mean=list(self.suggest_mean),
                           suggest_scale=list(self.suggest_scale))
        if self.suggest_by_lang:
            out["suggest_by_lang"] = dict(sorted(self.suggest_by_lang.items()))
        return out

    def _logistic(self, weights, bias: float, feats: dict[str, float], names=None, mean=None, scale=None
                  ) -> float:
        z = bias
        names = names or self.answer_features
        for name, w, m, s in zip(names, weights, mean or self.mean, scale or self.scale):
            z += w * (feats.get(name, 0.0) - m) / (s or 1.0)
        return _sigmoid(z)

    def probability(self, feats: dict[str, float]) -> float:
        """Probability that the best entry answers the question."""
        return self._logistic(self.weights, self.bias, feats)

    def suggest_probability(self, feats: dict[str, float]) -> float:
        """Probability that an entry answering the question is among the suggestions."""
        if self.suggest_weights is None:
            return self.probability(feats)
        if self.suggest_mean is None:  # a calibration from before round 24: the first model's signals and scaling
            return self._logistic(self.suggest_weights, self.suggest_bias, feats)
        return self._logistic(self.suggest_weights, self.suggest_bias, feats, SUGGEST_FEATURES, self.suggest_mean,
                              self.suggest_scale)

    def suggest_band(self, lang: str | None = None) -> float:
        """The suggest band for a question in `lang` (None: a language the assistant does not speak, or unknown)."""
        return self.suggest_by_lang.get(lang, self.suggest) if lang else self.suggest

    def outcome(self, p: float, strict: bool, p_suggest: float | None = None, lang: str | None = None) -> str:
        """answer, suggest or decline; `strict` cases (a bare yes/no answer, a one-word question) need the
        strict band to be answered; the suggest band (of `lang`, where calibrated) applies to p_suggest when the
        second model exists."""
        if p >= self.answer and (not strict or p >= self.strict):
            return "answer"
        if (p if p_suggest is None else p_suggest) >= self.suggest_band(lang):
            return "suggest"
        return "decline"


def feature_vector(feats: dict[str, float], names: tuple[str, ...] = FEATURES) -> list[float]:
    """The features in model order (`names`: FEATURES or SUGGEST_FEATURES)."""
    return [float(feats.get(name, 0.0)) for name in names]


# the asker's own adverse case: someone of theirs (or they themselves) refused, fined, deported, detained, banned.
# Only a consular officer can judge these. A sentence that only mentions the asker's family ("Chồng tôi là người Mỹ
# muốn về thường trú…", my husband is American and wants to live in Viet Nam) is a general question, not a case
_PERSONAL = re.compile(
    r"\b(my (husband|wife|son|daughter|child|partner|visa|passport|application|e-?visa) (was|is|has been|got) "
    r"(fined|refused|denied|rejected|deported|arrested|detained|banned|blacklisted|confiscated|seized|stopped)|"
    r"i (was|got|have been|am being) (fined|refused|denied|deported|arrested|detained|banned|blacklisted)|i overstayed|"
    r"(mon (mari|fils|compagnon)|ma (femme|fille|compagne)) a été (refoulée?|refusée?|expulsée?|arrêtée?|condamnée?|"
    r"verbalisée?)|ma demande a été (refusée|rejetée)|j'ai été (refoulée?|refusée?|expulsée?|condamnée?|arrêtée?|"
    r"verbalisée?)|"
    r"mi (marido|esposa|hijo|hija|pareja) (fue|ha sido) (rechazad|deportad|detenid|arrestad|multad)[oa]|"
    r"me (negaron|multaron|deportaron|detuvieron|rechazaron)|"
    r"(mein(e|em)? (mann|frau|sohn|tochter|partner(in)?)|ich) wurde .{0,40}(abgewiesen|abgelehnt|abgeschoben|"
    r"verhaftet|festgenommen)|"
    r"(мужа|жену|сына|дочь|меня) (оштрафовали|депортировали|задержали|арестовали|не пустили|не впустили)|"
    r"(chồng|vợ|con) tôi bị (phạt|từ chối|trục xuất|bắt|tạm giữ|cấm)|tôi bị (phạt|từ chối|trục xuất|bắt|tạm giữ|cấm))",
    re.IGNORECASE)
# Chinese is read in Simplified characters (KnowledgeBase.as_searched)
_PERSONAL_CJK = re.compile(r"我(丈夫|妻子|老公|老婆|儿子|女儿)?被(罚|拒|遣返|拘留|扣留|驱逐|禁止)|"
                           r"(夫|妻|息子|娘|私)が.{0,20}(逮捕|入国拒否|拒否され|罰金|強制送還|拘束)|"
                           r"(남편|아내|아들|딸|제가|저는).{0,20}(벌금|입국 ?거부|거부당|추방|체포|구금)")


# a hypothetical ("if my visa is refused, is the fee refunded?") asks about the rule, not about a case
# ("when", "cuando", "khi" also tell past events: "when I landed I was refused entry" is a case)
_IF_BEFORE = re.compile(r"(\b(if|whether|in case|si|wenn|falls|если|nếu)\b|如果|要是|假如|万一|もし|만약)"
                        r"[^.?!。？！]*$", re.IGNORECASE)
_IF_AFTER = re.compile(r"^[^.?!。？！]{0,12}(的话|場合)|^[^.?!。？！]{0,4}(다면|하면|되면|으면|경우)")


def personal_case(question: str) -> bool:
    """True when a question describes the asker's own legal or administrative case (not a hypothetical one)."""
    for pattern in (_PERSONAL, _PERSONAL_CJK):
        for match in pattern.finditer(question):
            before, after = question[max(0, match.start() - 40):match.start()], question[match.end():]
            if not _IF_BEFORE.search(before) and not _IF_AFTER.search(after):
                return True
    return False
