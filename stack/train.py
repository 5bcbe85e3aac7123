"""Train the Rasa model only when its inputs changed: the model file is named by their hash."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["config.yml", "bot/domain", "bot/data", "bot/components", "bot/requirements.txt", "visa/nationality.py",
          "visa/nationality_supplement.yaml"]
MODELS = ROOT / "bot" / "models"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"


def inputs_hash() -> str:
    """sha256 over the paths and bytes of every training input."""
    h = hashlib.sha256()
    for item in INPUTS:
        path = ROOT / item
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def model_path() -> Path:
    """Where the model for the current inputs lives."""
    return MODELS / f"model-{inputs_hash()}.tar.gz"


def rasa_env() -> dict:
    """Environment for Rasa commands: custom components importable, telemetry off."""
    env = dict(os.environ)
    # bot/ for the custom components, the project root for the visa package they use
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bot"), str(ROOT), env.get("PYTHONPATH", "")])
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def main() -> int:
    """Train if needed; print what happened."""
    target = model_path()
    if target.exists():
        print(f"==> Rasa model is up to date: {target.relative_to(ROOT)}")
        return 0
    MODELS.mkdir(parents=True, exist_ok=True)
    print(f"==> Training the Rasa model (inputs changed; about 2-4 minutes) -> {target.relative_to(ROOT)}", flush=True)
    start = time.time()
    cmd = [str(RASA), "train", "--config", "config.yml", "--domain", "bot/domain", "--data", "bot/data",
           "--out", str(MODELS), "--fixed-model-name", target.name[:-len(".tar.gz")]]
    result = subprocess.run(cmd, cwd=ROOT, env=rasa_env())
    if result.returncode != 0 or not target.exists():
        print("Rasa training failed", file=sys.stderr)
        return 1
    for old in MODELS.glob("model-*.tar.gz"):
        if old != target:
            old.unlink()
    print(f"==> Trained in {time.time() - start:.0f} s")
    return 0

