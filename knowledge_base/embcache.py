"""A persistent cache of embeddings, so a rebuild only encodes text that changed.

Publishing one edited entry must reach visitors within seconds; re-encoding thousands of
unchanged phrasings and answers would take minutes on a CPU.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Sequence

import numpy as np

BATCH = 32


def _key(encoder_name: str, kind: str, text: str) -> str:
    return hashlib.sha1(f"{encoder_name}\x1f{kind}\x1f{text}".encode("utf-8")).hexdigest()


def encode_cached(encoder, texts: Sequence[str], kind: str, cache_file: Path | None) -> np.ndarray:
    """Vectors for texts ('query' or 'passage' kind), reusing and filling the cache file."""
    if not texts:
        return np.zeros((0, encoder.dim), np.float32)
    fn = encoder.encode_queries if kind == "query" else encoder.encode_passages
    if cache_file is None:
        return np.concatenate([fn(list(texts[i:i + BATCH])) for i in range(0, len(texts), BATCH)])
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(cache_file, timeout=30)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)")
        keys = [_key(encoder.name, kind, t) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, dim, blob in db.execute(f"SELECT key, dim, vec FROM emb WHERE key IN ({marks})", chunk):
                if dim == encoder.dim:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = [(k, t) for k, t in dict(zip(keys, texts)).items() if k not in found]
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            vecs = fn([t for _, t in batch])
            rows = [(k, encoder.dim, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for (k, _), v in zip(batch, vecs)]
            db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", rows)
            db.commit()
            for (k, _), v in zip(batch, vecs):
                found[k] = np.asarray(v, dtype=np.float32)
        return np.stack([found[k] for k in keys])
    finally:
        db.close()
