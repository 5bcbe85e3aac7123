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


class _ProbabilityTable:
    """langdetect's n-gram -> per-language probabilities, read straight from its profiles into one float32
    matrix rather than a dict of lists of Python floats (langdetect's own loader): about 66 MB of the
    gateway's memory became about 50 MB, for 0.4 ms more per detection. The detector only asks `gram in table`
    and `table[gram]` (a list it indexes). The probabilities are langdetect's to float32 precision: no
    decision on any test, real or team question or phrasing changes (checked on 10,719 texts)."""

    def __init__(self, names: list[str], directory: str):
        import json

        import numpy as np

        def profiles():
            for name in names:  # one profile in memory at a time
                with open(os.path.join(directory, name), encoding="utf-8") as f:
                    yield json.load(f)

        # only 1-3-grams: langdetect never looks up longer ones
        self._rows: dict[str, int] = {}
        for profile in profiles():
            for gram in profile["freq"]:
                if 1 <= len(gram) <= 3:
                    self._rows.setdefault(gram, len(self._rows))
        self._matrix = np.zeros((len(self._rows), len(names)), dtype=np.float32)
        self.langs: list[str] = []
        for index, profile in enumerate(profiles()):
            n_words = profile["n_words"]
            for gram, count in profile["freq"].items():
                if 1 <= len(gram) <= 3:
                    self._matrix[self._rows[gram], index] = count / n_words[len(gram) - 1]
            self.langs.append(profile["name"])

    def __contains__(self, gram) -> bool:
        return gram in self._rows

    def __getitem__(self, gram: str) -> list[float]:
        return self._matrix[self._rows[gram]].tolist()

    def __len__(self) -> int:
        return len(self._rows)


@lru_cache(maxsize=2)
def _factory(restricted: bool):
    # Imported here so that importing the package stays cheap: loading the
    # profiles takes a few hundred milliseconds.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    if restricted:
        names = list(_RESTRICTED_PROFILES)
    else:  # in langdetect's own order (its load_profile lists the folder)
        names = [n for n in os.listdir(PROFILES_DIRECTORY)
                 if not n.startswith(".") and os.path.isfile(os.path.join(PROFILES_DIRECTORY, n))]
    table = _ProbabilityTable(names, PROFILES_DIRECTORY)
    factory = DetectorFactory()
    factory.word_lang_prob_map, factory.langlist = table, table.langs
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
