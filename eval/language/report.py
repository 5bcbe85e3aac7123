"""Per-language report of the answer-language decision on the language evaluation files.

    .venv/bin/python -m eval.language.report [FILE ...]

Without arguments it reads eval/language/unsupported.jsonl (messages in languages the assistant does not speak,
which must be flagged unsupported) and eval/language/neighbours.jsonl (supported-language questions near those
languages, which must keep their language), and prints, per language, how many decisions were right and what the
wrong ones were. It uses eval.language_eval's scoring (`pipeline_answer`: the pipeline's language, or
"unsupported")."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from eval.language_eval import pipeline_answer
from language import detect

HERE = Path(__file__).resolve().parent
DEFAULT = (HERE / "unsupported.jsonl", HERE / "neighbours.jsonl")


def report(path: Path) -> tuple[int, int]:
    """Print the per-language table for one file; return (right, total)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    per: dict[str, list] = defaultdict(lambda: [0, 0, Counter()])
    misses = []
    for row in rows:
        got = pipeline_answer(row["text"], row.get("session"))
        cell = per[row["lang"]]
        cell[0] += 1
        if got == row["expected"]:
            cell[1] += 1
        else:
            cell[2][got] += 1
            misses.append((row, got))
    right = sum(c[1] for c in per.values())
    print(f"{path.name}: {right}/{len(rows)} right")
    for lang, (n, ok, wrong) in per.items():
        wrong_s = ", ".join(f"{k} {v}" for k, v in wrong.most_common())
        print(f"  {lang:<4}{ok:>4} / {n:<4}{ok / n:>7.1%}   {('wrong: ' + wrong_s) if wrong_s else ''}")
    for row, got in misses:
        print(f"    {row['text']!r} [{row['lang']}, session={row.get('session')}] -> {got} ({detect(row['text']).reason})")
    return right, len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in (map(Path, args) if args else DEFAULT):
        report(path)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
