"""Lazy, seeded langdetect factories (all 55 profiles, or only the nine)."""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from .names import SUPPORTED

# langdetect calls Traditional and Simplified Chinese "zh-tw"/"zh-cn".
_LD_TO_CODE = {"zh-cn": "zh", "zh-tw": "zh"}
_RESTRICTED_PROFILES = tuple(p for code in SUPPORTED for p in ((code,) if code != "zh" else ("zh-cn", "zh-tw")))
# Beyond a few hundred characters langdetect gains nothing; a cap keeps a
# pasted 20 kB document from costing seconds.
MAX_CHARS = 1000
_lock = threading.Lock()


@lru_cache(maxsize=2)
def _factory(restricted: bool):
    # Imported here so that importing the package stays cheap: loading the
    # profiles takes a few hundred milliseconds.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    if restricted:
        profiles = []
        for name in _RESTRICTED_PROFILES:
            with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as f:
                profiles.append(f.read())
        factory.load_json_profile(profiles)
    else:
        factory.load_profile(PROFILES_DIRECTORY)
    # langdetect samples n-grams at random; a fixed seed makes the same
    # message always get the same answer (and the tests stable).
    factory.set_seed(0)
    return factory


def probabilities(text: str, restricted: bool = False) -> dict[str, float]:
    """Return langdetect's full probability vector for `text` ({} if it has no features)."""
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        factory = _factory(restricted)
    detector = factory.create()
    detector.set_max_text_length(MAX_CHARS)
    detector.append(text[: MAX_CHARS * 2])
    try:
        detector.get_probabilities()
    except LangDetectException:
        return {}
    out: dict[str, float] = {}
    for lang, p in zip(detector.langlist, detector.langprob):
        code = _LD_TO_CODE.get(lang, lang)
        out[code] = out.get(code, 0.0) + p
    return out


def top(probs: dict[str, float]) -> tuple[str, float]:
    """Return the most probable language and its probability ("" if none)."""
    if not probs:
        return "", 0.0
    lang = max(probs, key=probs.get)
    return lang, probs[lang]


def raw_label(text: str, restricted: bool = False) -> str:
    """langdetect's own top label mapped to our codes (used as an evaluation baseline)."""
    lang, _ = top(probabilities(text, restricted))
    return lang
