"""Evaluate the language detector on eval/language/messages.jsonl: python -m eval.language_eval [FILE]."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from language import backend, choose_language, detect
from language.names import SUPPORTED

DEFAULT = Path(__file__).resolve().parent / "language" / "messages.jsonl"
CONFIGS = ("langdetect raw", "langdetect nine", "pipeline")


def _baseline(text: str, session: str | None, restricted: bool) -> str:
    # The baselines answer in whatever langdetect says; when it names an
    # unsupported language they report "unsupported" and, on a supported
    # row, that counts as wrong just like in the pipeline.
    lang = backend.raw_label(text, restricted)
    return lang if lang in SUPPORTED else "unsupported"


def pipeline_answer(text: str, session: str | None) -> str:
    """What the pipeline answers in for a message: its language, or "unsupported"."""
    decision = choose_language(text, session_lang=session)
    return "unsupported" if decision.unsupported else decision.language


def evaluate(path: Path) -> dict:
    """Score the three configurations on a JSONL file; return per-group counts."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    table: dict[str, dict[str, list[int]]] = {c: defaultdict(lambda: [0, 0]) for c in CONFIGS}
    false_unsupported = {c: 0 for c in CONFIGS}
    misses = []
    for row in rows:
        group = row["lang"] if row["expected"] != "unsupported" else "unsupported"
        for config in CONFIGS:
            if config == "pipeline":
                got = pipeline_answer(row["text"], row.get("session"))
            else:
                got = _baseline(row["text"], row.get("session"), config.endswith("nine"))
            ok = got == row["expected"]
            cell = table[config][group]
            cell[0] += 1
            cell[1] += ok
            if got == "unsupported" and row["expected"] != "unsupported":
                false_unsupported[config] += 1
            if config == "pipeline" and not ok:
                misses.append((row, got, detect(row["text"]).reason))
    return {"rows": len(rows), "table": table, "false_unsupported": false_unsupported,
            "misses": misses}


def _print(result: dict, path: Path) -> None:
    table = result["table"]
    groups = [g for g in (*SUPPORTED, "unsupported") if g in table["pipeline"]]
    print(f"{path}  ({result['rows']} messages)")
    print("answer language vs expected; baselines ignore the session")
    header = f"{'lang':<12}{'n':>4}" + "".join(f"{c:>22}" for c in CONFIGS)
    print(header)
    print("-" * len(header))
    for g in [*groups, "ALL supported", "ALL"]:
        cells = []
        for config in CONFIGS:
            if g == "ALL":
                members = groups
            elif g == "ALL supported":
                members = [x for x in groups if x != "unsupported"]
            else:
                members = [g]
            n = sum(table[config][m][0] for m in members)
            ok = sum(table[config][m][1] for m in members)
            cells.append((n, ok))
        n = cells[0][0]
        line = f"{g:<12}{n:>4}"
        for _, ok in cells:
            line += f"{ok:>10} / {n:<3} {ok / n if n else 0:>5.1%}"
        print(line)
    print()
    for config in CONFIGS:
        n, ok = table[config]["unsupported"] if "unsupported" in table[config] else (0, 0)
        rate = ok / n if n else 0.0
        print(f"{config:<18} unsupported detected {ok}/{n} ({rate:.0%}); "
              f"false-unsupported on supported messages: {result['false_unsupported'][config]}")
    if result["misses"]:
        print("\npipeline misses:")
        for row, got, reason in result["misses"]:
            print(f"  {row['text']!r} lang={row['lang']} session={row.get('session')} "
                  f"expected={row['expected']} got={got} ({reason})")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the accuracy table."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT
    _print(evaluate(path), path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
