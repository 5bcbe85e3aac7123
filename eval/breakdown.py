"""Where the real questions that are not answered outright go, by the suggest model's probability.

For the fitting pool and for the held-out splits (every split the models are not fitted on), the questions the
knowledge base judges but does not answer outright are grouped by the suggest model's probability `ps` (that a right
entry is among the "Did you mean…?" buttons). Each group shows how often a right entry really was among the
candidates (`sugg_ok`), how often the question has no entry at all (`no_entry`: declining is right), and neither
(an entry answers it, but not one of the candidates). Where `sugg_ok` and `no_entry` cross is where the suggest
band belongs; a gap between the pools at high `ps` is missing content, not a misplaced band.

    python -m eval.breakdown            (about 5 minutes: every real question is searched once)
"""
from __future__ import annotations

import argparse
import sys

from eval.calibrate_real import FIT, _signals, answered_outright, collect
from eval.real import load
from knowledge_base.service import KnowledgeBase

EDGES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)


def held_out_splits(items: list[dict], fit: str = FIT) -> str:
    """Every split of the real questions that the models are not fitted on, joined by '+'."""
    fitted = set(fit.split("+"))
    return "+".join(sorted({q["split"] for q in items} - fitted))


def buckets(rows: list[dict], answer_band: float, probability, suggest_probability,
            edges: tuple[float, ...] = EDGES) -> list[dict]:
    """Per range of the suggest probability: the questions judged but not answered outright, and the shares whose
    right entry was among the candidates, that have no entry, and neither. `probability` and `suggest_probability`
    map a row's signals to the answer and suggest models' probabilities."""
    pending = []
    for r in rows:
        if not r["judged"]:
            continue
        signals = _signals(r)
        if not answered_outright(r, probability(signals), answer_band):
            pending.append((suggest_probability(signals), r))
    out = []
    for lo, hi in zip(edges, edges[1:]):
        last = hi == edges[-1]
        group = [r for ps, r in pending if lo <= ps < hi or (last and ps == hi)]
        if not group:
            continue
        n = len(group)
        ok = sum(1 for r in group if r["sugg_ok"])
        none = sum(1 for r in group if not r["labels"])
        out.append({"from": lo, "to": hi, "n": n, "sugg_ok": ok / n, "no_entry": none / n,
                    "neither": (n - ok - none) / n})
    return out


def render(name: str, table: list[dict]) -> str:
    lines = [f"{name}: questions judged but not answered outright, by the suggest model's probability",
             "ps           n  sugg_ok  no_entry  neither"]
    lines += [f"{b['from']:.1f}-{b['to']:.1f}  {b['n']:5}  {b['sugg_ok']:7.2f}  {b['no_entry']:8.2f}  {b['neither']:7.2f}"
              for b in table]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", default=FIT, help="the fitting pool's splits")
    args = ap.parse_args(argv)
    kb = KnowledgeBase()
    bands = kb.bands
    items = load(split="all")
    for name, split in (("fitting pool", args.fit), ("held-out splits", held_out_splits(items, args.fit))):
        wanted = set(split.split("+"))
        rows = collect(kb, [q for q in items if q["split"] in wanted])
        print(render(f"{name} ({len(rows)} questions)", buckets(rows, bands.answer, bands.probability,
                                                                 bands.suggest_probability)))
        print()
    print("suggest bands in use: " + ", ".join(f"{k} {v:.3f}" for k, v in
                                               {"common": bands.suggest, **bands.suggest_by_lang}.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
