"""Language detection and answer-language choice for Vietnam Assistant."""

from .detect import Decision, Detection, choose_language, detect
from .names import NATIVE_NAMES, SUPPORTED, language_name
from .requested import requested_language

__all__ = [
    "SUPPORTED", "NATIVE_NAMES", "language_name", "Detection", "detect", "Decision",
    "choose_language", "requested_language",
]
