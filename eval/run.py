"""`make eval`: retrieval quality per language on the project's own evaluation set.

Prints accuracy@1 and MRR per language, the rate of correct declines and of answers given where the
assistant should have declined; writes a report of the worst misses; `--calibrate` also picks the
answer threshold that best separates answerable from unanswerable questions and saves it.
"""
from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path

from knowledge_base.config import CALIBRATION_FILE, ROOT, load_config
from knowledge_base.service import KnowledgeBase

QUESTIONS = Path(__file__).with_name("questions")
REPORT = ROOT / "var" / "eval_misses.md"
from language.names import SUPPORTED as LANGS


def load_questions(folder: Path = QUESTIONS) -> list[dict]:
    """Every labelled question in the evaluation files."""
    items = []
    for file in sorted(folder.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["file"] = file.name
                items.append(item)
    return items


def score_all(kb: KnowledgeBase, items: list[dict], k: int = 10) -> list[dict]:
    """Search every question once; keep the rank of the first expected entry and the top score."""
    rows = []
    for item in items:
        result = kb.lookup(item["q"], item["lang"], k)
        hits = result.hits
        ids = [h.entry.id for h in hits]
        expected = set(item["expected"])
        rank = next((n for n, eid in enumerate(ids, 1) if eid in expected), None)
        rows.append({**item, "rank": rank, "top": ids[0] if ids else None,
                     "score": hits[0].score if hits else 0.0, "foreign": result.status == "out_of_scope",
                     "answered": result.status == "answered",
                     "suggested_ok": result.status == "suggest"
                     and bool(expected & {h.entry.id for h in result.suggestions})})
    return rows


def answers(row: dict, threshold: float | None) -> bool:
    """Would the assistant answer with an entry: the live decision (threshold None), or a score threshold."""
    if threshold is None:
        return row["answered"]
    return row["score"] >= threshold and not row["foreign"]


def summarise(rows: list[dict], threshold: float) -> dict:
    """Per-language metrics at a threshold: acc@1 (right entry AND answered), retrieval acc@1, MRR, declines."""
    out = {}
    for lang in LANGS + ("all",):
        mine = [r for r in rows if lang == "all" or r["lang"] == lang]
        ins = [r for r in mine if r["expected"]]
        oos = [r for r in mine if not r["expected"]]
        out[lang] = {
            "n": len(ins), "n_oos": len(oos),
            "acc1": sum(r["rank"] == 1 and answers(r, threshold) for r in ins) / max(len(ins), 1),
            "helped": sum((r["rank"] == 1 and answers(r, threshold)) or r.get("suggested_ok", False)
                          for r in ins) / max(len(ins), 1),
            "retrieval_acc1": sum(r["rank"] == 1 for r in ins) / max(len(ins), 1),
            "mrr": sum(1 / r["rank"] for r in ins if r["rank"]) / max(len(ins), 1),
            "declined_ok": sum(not answers(r, threshold) for r in oos) / max(len(oos), 1) if oos else None,
            "answered_oos": sum(answers(r, threshold) for r in oos) / max(len(oos), 1) if oos else None,
        }
    return out


def calibrate(rows: list[dict]) -> float:
    """Threshold maximising the mean of in-scope accuracy@1 and the out-of-scope decline rate."""
    best, best_value = 0.0, -1.0
    scores = sorted({round(r["score"], 4) for r in rows})
    for t in scores:
        s = summarise(rows, t)["all"]
        value = (s["acc1"] + (s["declined_ok"] or 0)) / 2
        if value > best_value:
            best, best_value = t, value
    return best


PASSAGE_MARGIN = 0.02


def passage_threshold(kb: KnowledgeBase, items: list[dict]) -> float:
    """Excerpt threshold: just above the best passage score of any question the assistant must decline."""
    loaded = kb.index()
    oos = [it["q"] for it in items if not it["expected"]]
    if not loaded.passage_index.ntotal or not oos:
        return 1.0
    vecs = kb.encoder.encode_queries(oos)
    return max(loaded.search_passages(v, 1)[0][1] for v in vecs) + PASSAGE_MARGIN


def print_table(summary: dict, threshold: float) -> None:
    """The per-language table."""
    print("decision: calibrated bands (knowledge_base/calibration.json)" if threshold is None
          else f"threshold {threshold:.4f}")
    print(f"{'lang':5} {'n':>4} {'acc@1':>6} {'+sugg':>6} {'ret@1':>6} {'MRR':>6} {'n_oos':>5} {'declined':>8} "
          f"{'answered':>8}")
    for lang, s in summary.items():
        dec = f"{s['declined_ok']:.2f}" if s["declined_ok"] is not None else "-"
        ans = f"{s['answered_oos']:.2f}" if s["answered_oos"] is not None else "-"
        print(f"{lang:5} {s['n']:>4} {s['acc1']:>6.3f} {s['helped']:>6.3f} {s['retrieval_acc1']:>6.3f} {s['mrr']:>6.3f} "
              f"{s['n_oos']:>5} {dec:>8} {ans:>8}")


def write_misses(rows: list[dict], threshold: float, path: Path = REPORT, limit: int = 60) -> None:
    """A confusion report: the worst misses, wrong entry with the highest confidence first."""
    misses = [r for r in rows if (r["expected"] and (r["rank"] != 1 or not answers(r, threshold)))
              or (not r["expected"] and answers(r, threshold))]
    misses.sort(key=lambda r: -r["score"])
    lines = ["# Worst retrieval misses", "", f"{len(misses)} misses of {len(rows)}", "",
             "| lang | question | expected | got | score | rank |", "|---|---|---|---|---|---|"]
    confusions = defaultdict(int)
    for r in misses[:limit]:
        exp = ", ".join(r["expected"]) or "(decline)"
        lines.append(f"| {r['lang']} | {r['q']} | {exp} | {r['top']} | {r['score']:.3f} | {r['rank'] or '-'} |")
    for r in misses:
        confusions[(", ".join(r["expected"]) or "(decline)", r["top"])] += 1
    lines += ["", "## Most frequent confusions", ""]
    for (exp, got), n in sorted(confusions.items(), key=lambda kv: -kv[1])[:20]:
        lines.append(f"- {n} x expected {exp} → got {got}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; optionally calibrate and save the threshold."""
    parser = argparse.ArgumentParser(prog="python -m eval.run")
    parser.add_argument("--calibrate", action="store_true", help="choose and save the answer threshold")
    args = parser.parse_args(argv)
    cfg = load_config()
    kb = KnowledgeBase(cfg)
    rows = score_all(kb, load_questions())
    threshold = None  # the live decision: knowledge_base.decision's bands
    if args.calibrate:
        threshold = calibrate(rows)
        data = json.loads(CALIBRATION_FILE.read_text()) if CALIBRATION_FILE.exists() else {}
        ins = [r["score"] for r in rows if r["expected"] and r["rank"] == 1]
        excerpt = passage_threshold(kb, [r for r in rows])
        print(f"excerpt (passage) threshold: {excerpt:.4f}")
        data.setdefault(cfg.encoder, {}).update(
            {"threshold": round(threshold, 4), "passage_threshold": round(excerpt, 4),
             "median_correct_score": round(statistics.median(ins), 4), "questions": len(rows)})
        CALIBRATION_FILE.write_text(json.dumps(data, indent=2) + "\n")
        print(f"calibrated threshold for {cfg.encoder}: {threshold:.4f} (saved to {CALIBRATION_FILE.name})")
    print_table(summarise(rows, threshold), threshold)
    if threshold is None:
        # the definition acc@1 had before the three outcomes (answer whenever the score passes one threshold):
        # it shows whether retrieval itself held, apart from how many answers the bands move to suggestions
        legacy = summarise(rows, cfg.threshold)["all"]
        print(f"score-threshold acc@1 (answer when score >= {cfg.threshold:.4f}, the definition before the bands): "
              f"{legacy['acc1']:.3f}; out of scope declined {legacy['declined_ok'] or 0:.2f}")
    write_misses(rows, threshold)
    print(f"confusion report: {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
