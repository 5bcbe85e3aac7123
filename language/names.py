"""Language codes and language names for the nine supported languages."""

from __future__ import annotations

import json
from pathlib import Path

_LANGUAGES = json.loads(Path(__file__).with_name("languages.json").read_text(encoding="utf-8"))["languages"]
SUPPORTED = tuple(_LANGUAGES)  # the one definition, shared with the widget build

NATIVE_NAMES = dict(_LANGUAGES)

# Names are capitalised like NATIVE_NAMES because they are shown as labels
# (menus, "Answering in ..." notices), even where running text would use
# lower case (French "anglais", Spanish "inglés", Vietnamese "tiếng Anh").
_NAMES = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "ru": "Russian",
           "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese"},
    "fr": {"en": "Anglais", "fr": "Français", "es": "Espagnol", "de": "Allemand", "ru": "Russe",
           "zh": "Chinois", "ja": "Japonais", "ko": "Coréen", "vi": "Vietnamien"},
    "es": {"en": "Inglés", "fr": "Francés", "es": "Español", "de": "Alemán", "ru": "Ruso",
           "zh": "Chino", "ja": "Japonés", "ko": "Coreano", "vi": "Vietnamita"},
    "de": {"en": "Englisch", "fr": "Französisch", "es": "Spanisch", "de": "Deutsch", "ru": "Russisch",
           "zh": "Chinesisch", "ja": "Japanisch", "ko": "Koreanisch", "vi": "Vietnamesisch"},
    "ru": {"en": "Английский", "fr": "Французский", "es": "Испанский", "de": "Немецкий",
           "ru": "Русский", "zh": "Китайский", "ja": "Японский", "ko": "Корейский",
           "vi": "Вьетнамский"},
    "zh": {"en": "英语", "fr": "法语", "es": "西班牙语", "de": "德语", "ru": "俄语",
           "zh": "中文", "ja": "日语", "ko": "韩语", "vi": "越南语"},
    "ja": {"en": "英語", "fr": "フランス語", "es": "スペイン語", "de": "ドイツ語", "ru": "ロシア語",
           "zh": "中国語", "ja": "日本語", "ko": "韓国語", "vi": "ベトナム語"},
    "ko": {"en": "영어", "fr": "프랑스어", "es": "스페인어", "de": "독일어", "ru": "러시아어",
           "zh": "중국어", "ja": "일본어", "ko": "한국어", "vi": "베트남어"},
    "vi": {"en": "Tiếng Anh", "fr": "Tiếng Pháp", "es": "Tiếng Tây Ban Nha", "de": "Tiếng Đức",
           "ru": "Tiếng Nga", "zh": "Tiếng Trung", "ja": "Tiếng Nhật", "ko": "Tiếng Hàn",
           "vi": "Tiếng Việt"},
}


def _base(code: str | None) -> str:
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def language_name(code: str, in_lang: str = "en") -> str:
    """Return the name of language `code` written in language `in_lang`."""
    code_b, in_b = _base(code), _base(in_lang)
    table = _NAMES.get(in_b, _NAMES["en"])
    # An unknown code is echoed back rather than raising: callers use this
    # for log lines and notices, where a crash would be worse than a code.
    return table.get(code_b, code or "")


def normalize_code(code: str | None) -> str | None:
    """Map a tag like "fr-FR", "zh_Hant" or "EN" to a supported code, else None."""
    base = _base(code)
    return base if base in SUPPORTED else None
