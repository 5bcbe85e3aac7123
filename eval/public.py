"""Run the public questions (../shared/eval/public_questions.jsonl) through the assistant's decision logic.

Prints, per question, the language chosen, whether the assistant answers, declines or quotes an
excerpt, and which entry it answers with, for a human to judge; then the counts.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from knowledge_base.config import ROOT
from knowledge_base.service import KnowledgeBase
from language import choose_language

PUBLIC = ROOT.parent / "shared" / "eval" / "public_questions.jsonl"


def main(path: Path = PUBLIC) -> int:
    """Print one line per public question and a summary."""
    if not path.exists():
        print(f"{path} not found")
        return 1
    kb = KnowledgeBase()
    counts: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        lang = choose_language(item["question"], hint=item.get("lang")).language
        result = kb.lookup(item["question"], lang)
        counts[result.status] += 1
        top = result.hits[0] if result.hits else None
        target = top.entry.id if result.status == "answered" else (
            result.passage["title"][:40] if result.status == "excerpt" else "-")
        print(f"{result.status:8} {result.top_score:.3f} [{lang}] {item['question'][:70]:70} -> {target}")
    total = sum(counts.values())
    print("\n" + ", ".join(f"{k} {v} ({v / total:.0%})" for k, v in counts.most_common()) + f" of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
