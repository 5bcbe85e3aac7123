"""Size the answer band's margin (eval.calibrate_real.ANSWER_MARGIN) on the fitting questions.

A content change moves the probability that the best entry is right for every question a little, because the index
and the entry classifier are rebuilt from the changed phrasings. The guard in eval.calibrate_real keeps the answer
band above the highest wrong answer among the fitting questions; this measures how far a question may move, so that
the band can keep that far above it.

It rebuilds the knowledge base in a scratch directory (the store, the index and the classifier; the embedding cache is
copied, so nothing is encoded twice) once from the content as it is and once per seed with a random share of the
phrasings left out (never an entry's first phrasing in a language, never one of a list of three or fewer), collects the
fitting questions' signals from each build with the calibration in use, and prints how far their log-odds moved. The
margin is the chosen percentile of the moves of the questions at p >= 0.9, pooled over the seeds.

    .venv/bin/python -m eval.answer_margin [--share 0.01] [--seeds 1 2 3] [--percentile 95]

It takes about 75 seconds per build on two cores.
"""
from __future__ import annotations

import argparse
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

from eval.calibrate_real import FIT, log_odds
from knowledge_base import yamlio
from knowledge_base.config import ROOT, load_config

NEAR = 0.9  # only questions near the answer band matter


def perturb(content: Path, out: Path, share: float, seed: int) -> int:
    """Copy the content files to `out`, leaving out about `share` of the phrasings; return how many were left out."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    removed = 0
    for path in sorted(content.iterdir()):
        if path.suffix not in (".yaml", ".yml"):
            shutil.copy(path, out / path.name)
            continue
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
        if share > 0 and isinstance(data, dict):
            for entry in data.get("entries") or []:
                for lang, items in (entry.get("questions") or {}).items():
                    if len(items) <= 3:
                        continue
                    kept = items[:1] + [q for q in items[1:] if rng.random() >= share]
                    removed += len(items) - len(kept)
                    entry["questions"][lang] = kept
        (out / path.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6),
                                     encoding="utf-8")
    return removed


def moves(base: dict[str, float], other: dict[str, float], near: float = NEAR) -> np.ndarray:
    """|change in log-odds| of the questions judged in both builds whose base probability is at least `near`."""
    keys = [k for k, p in base.items() if p >= near and k in other]
    return np.abs(log_odds([other[k] for k in keys]) - log_odds([base[k] for k in keys]))


def margin(move_sets: list[np.ndarray], percentile: float) -> float:
    """The percentile of the pooled moves, rounded up to three significant digits."""
    pooled = np.concatenate(move_sets) if move_sets else np.zeros(0)
    if not len(pooled):
        return 0.0
    value = float(np.percentile(pooled, percentile))
    if value <= 0:
        return 0.0
    step = 10 ** (np.floor(np.log10(value)) - 2)
    return float(np.ceil(value / step - 1e-9) * step)


_COLLECT = """
import pickle, sys
import eval.calibrate_real as cr
from eval.real import load
from knowledge_base.service import KnowledgeBase
kb = KnowledgeBase()
rows = cr.collect(kb, load(split=sys.argv[2]))
probability = {r["item"]["id"]: kb.bands.probability(cr._signals(r)) for r in rows if r["judged"]}
pickle.dump(probability, open(sys.argv[1], "wb"))
"""


def build_and_score(work: Path, content: Path, seeds: str | None, split: str | None = None) -> dict[str, float]:
    """Build the knowledge base from `content` under `work` and return the probability that the best entry is right
    for each question of `split` (the fitting questions by default) that the knowledge base judges."""
    config = load_config()
    var = work / "var"
    (var / "index").mkdir(parents=True, exist_ok=True)
    cache = config.index_dir / "embeddings.sqlite3"
    if cache.exists():
        shutil.copy(cache, var / "index" / cache.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env.update(VA_VAR_DIR=str(var), KB_CONTENT_DIR=str(content), KB_ENCODER=config.encoder,
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    build = [sys.executable, "-m", "knowledge_base", "build"] + (["--seeds", seeds] if seeds else [])
    subprocess.run(build, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    out = work / "p.pkl"
    subprocess.run([sys.executable, "-c", _COLLECT, str(out), split or FIT], cwd=ROOT, env=env, check=True)
    with open(out, "rb") as fh:
        return pickle.load(fh)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--share", type=float, default=0.01, help="share of phrasings each rebuild leaves out")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--percentile", type=float, default=95.0)
    default_seeds = (ROOT.parent / "shared" / "seeds")
    ap.add_argument("--source-seeds", default=str(default_seeds) if default_seeds.exists() else None,
                    help="the seed documents the build ingests (as `make build` does)")
    args = ap.parse_args(argv)
    content = load_config().content_dir
    with tempfile.TemporaryDirectory(prefix="va-margin-") as tmp:
        tmp = Path(tmp)
        base_content = tmp / "base" / "content"
        perturb(content, base_content, 0.0, 0)
        base = build_and_score(tmp / "base", base_content, args.source_seeds)
        print(f"content as it is: {len(base)} fitting questions judged, {sum(p >= NEAR for p in base.values())} "
              f"at p >= {NEAR}")
        sets = []
        for seed in args.seeds:
            work = tmp / f"seed{seed}"
            removed = perturb(content, work / "content", args.share, seed)
            moved = moves(base, build_and_score(work, work / "content", args.source_seeds))
            sets.append(moved)
            print(f"seed {seed}: {removed} phrasings left out; log-odds moves of {len(moved)} questions: median "
                  f"{np.median(moved):.4f}, 90% {np.percentile(moved, 90):.4f}, 95% {np.percentile(moved, 95):.4f}, "
                  f"max {moved.max():.4f}")
    print(f"margin ({args.percentile:g}th percentile, pooled): {margin(sets, args.percentile)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
