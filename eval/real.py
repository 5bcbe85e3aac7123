"""`make eval-real`: real questions through the whole pipeline (gateway, Rasa, action server).

Each question in eval/real/questions.jsonl was written by a real person or an official FAQ page (its
URL is kept) and is labelled with the entries that answer it, or `decline`. Every question goes to
`POST /api/v1/chat` in a fresh session, without a language hint, as a visitor's first message would.
When the assistant first asks for the visitor's passport (a visa question), the visitor skips, as these
visitors did not say it, and the reply after the skip is graded.
Per language the table counts:
  right      the reply answered with a labelled entry
  wrong      it answered with another entry, quoted an excerpt, or gave a chit-chat, feedback or
             contact reply to a question: a confident reply to a different question
  suggested  "Did you mean…?" was shown; `sugg_ok` counts those whose buttons held a labelled entry
  declined   a polite decline; `decl_ok` counts those where declining was right (label `decline`
             or no entry answers it)
  lang_ok    the reply came in the asker's language (English for unsupported languages)
`good` = right + sugg_ok + decl_ok. The headline is the wrong-answer rate on the `test` split.
Wrong answers, then missed ones (an entry answers it, but the reply declined or offered other questions), are
written to var/eval_real_wrong.md for editors.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import requests

from knowledge_base.config import ROOT
from language.names import SUPPORTED as LANGS

QUESTIONS = Path(__file__).with_name("real") / "questions.jsonl"
REPORT = ROOT / "var" / "eval_real_wrong.md"
DECLINE_KINDS = {"declined", "unknown", "out_of_scope", "unsupported_language"}
QUESTION_KINDS = DECLINE_KINDS | {"answer", "suggest", "excerpt"}
GENERAL_VISA = "visa-do-i-need-a-visa"
PORT_BASE = int(os.environ.get("VA_EVAL_PORT_BASE", "8700"))


def load(path: Path = QUESTIONS, split: str = "test") -> list[dict]:
    """The labelled real questions of one split ('dev', 'cal', 'test', 'all', or several joined by '+')."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = set(split.split("+"))
    return [q for q in items if "all" in wanted or q["split"] in wanted]


def should_decline(item: dict) -> bool:
    """True when no entry answers the question (out of scope, or not in the base yet)."""
    labels = [x for x in item["labels"] if x != "decline"]
    return not labels


def expected_language(item: dict) -> str:
    """The language the reply must be in."""
    return item["lang"] if item["lang"] in LANGS else "en"


def classify(item: dict, messages: list[dict], language: str) -> dict:
    """Outcome of one reply: right / wrong / suggested / declined, and whether its language is right."""
    # the notice before an English reply to an unsupported language is not the reply itself
    main = next((m for m in messages if m.get("kind") in QUESTION_KINDS - {"unsupported_language"}), None) \
        or next((m for m in messages if m.get("kind") in QUESTION_KINDS), messages[0] if messages else {})
    kind = main.get("kind") or "none"
    labels = set(item["labels"]) - {"decline"}
    entry = main.get("entry_id")
    out = {"kind": kind, "entry": entry, "suggested": main.get("suggestions") or [], "outcome": "wrong",
           "ok": False}
    if kind == "answer":
        # a visa answer tailored to the passport the question names ("Do Mexicans need a visa?") answers the
        # general visa question for that visitor
        tailored = bool(main.get("visa_rule")) and GENERAL_VISA in labels
        out["outcome"] = "right" if entry in labels or tailored else "wrong"
        out["ok"] = out["outcome"] == "right"
    elif kind == "suggest":
        out["outcome"] = "suggested"
        out["ok"] = bool(labels & set(out["suggested"]))
    elif kind in DECLINE_KINDS:
        out["outcome"] = "declined"
        out["ok"] = not labels
    # the same reply twice or more in one turn (Rasa running an action again) is a fault the visitor sees
    texts = [m.get("text") for m in messages if m.get("text")]
    out["repeated"] = len(texts) != len(set(texts))
    langs = {m.get("language") or language for m in messages}
    out["lang_ok"] = langs == {expected_language(item)}
    out["reply_language"] = ",".join(sorted(x for x in langs if x))
    return out


def run_questions(base_url: str, items: list[dict]) -> list[dict]:
    """Send each question in a fresh session; returns the items with their outcome."""
    rows = []
    for item in items:
        body = {"session_id": f"eval-{uuid.uuid4().hex[:12]}", "message": item["question"]}
        for attempt in range(3):
            resp = requests.post(f"{base_url}/api/v1/chat", json=body, timeout=120)
            if resp.status_code != 429:
                break
            time.sleep(5)
        if resp.status_code != 200:
            rows.append({**item, "kind": f"http_{resp.status_code}", "outcome": "wrong", "ok": False,
                         "lang_ok": False, "entry": None, "suggested": [], "reply_language": ""})
            continue
        data = resp.json()
        clarified = any(m.get("kind") == "ask_nationality" for m in data["messages"])
        if clarified:
            # the assistant asked for the passport: these visitors did not say it, so they skip (the Skip
            # button) and the reply they then get is the one graded
            skip = {"session_id": body["session_id"], "message": "/skip"}
            follow = requests.post(f"{base_url}/api/v1/chat", json=skip, timeout=120)
            if follow.status_code == 200:
                data = follow.json()
        rows.append({**item, **classify(item, data["messages"], data["language"]), "clarified": clarified,
                     "reply": (data["messages"][0]["text"] if data["messages"] else "")[:160]})
    return rows


def upper_bound(k: int, n: int, confidence: float = 0.95) -> float:
    """One-sided Clopper-Pearson upper bound of a binomial rate (k of n)."""
    from scipy.stats import beta

    if k >= n:
        return 1.0
    return float(beta.ppf(confidence, k + 1, n - k))


def interval(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson 95% interval of a rate (k of n): how far a per-language figure on a few dozen questions can move."""
    if not n:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def table(rows: list[dict]) -> tuple[str, dict]:
    """The per-language table and the totals. `good 95%` is the Wilson interval of the good share and `wrong<=`
    the one-sided 95% upper bound of the wrong-answer rate: with 20-35 questions per language, a figure a few
    points from a target says little on its own."""
    by = defaultdict(list)
    for r in rows:
        by[r["lang"] if r["lang"] in LANGS else "other"].append(r)
        by["all"].append(r)
    head = f"{'lang':6}{'n':>5}{'right':>7}{'wrong':>7}{'wrong%':>8}{'sugg':>6}{'sugg_ok':>8}{'decl':>6}" \
           f"{'decl_ok':>8}{'good%':>7}{'good 95%':>10}{'wrong<=':>8}{'lang_ok':>8}"
    lines = [head]
    totals = {}
    for lang in [*LANGS, "other", "all"]:
        mine = by.get(lang)
        if not mine:
            continue
        n = len(mine)
        c = {k: sum(1 for r in mine if r["outcome"] == k) for k in ("right", "wrong", "suggested", "declined")}
        sugg_ok = sum(1 for r in mine if r["outcome"] == "suggested" and r["ok"])
        decl_ok = sum(1 for r in mine if r["outcome"] == "declined" and r["ok"])
        good = c["right"] + sugg_ok + decl_ok
        lang_ok = sum(1 for r in mine if r["lang_ok"])
        low, high = interval(good, n)
        wrong_bound = upper_bound(c["wrong"], n)
        totals[lang] = {"n": n, **c, "sugg_ok": sugg_ok, "decl_ok": decl_ok, "good": good, "lang_ok": lang_ok,
                        "good_interval": (low, high), "wrong_bound": wrong_bound}
        lines.append(f"{lang:6}{n:5}{c['right']:7}{c['wrong']:7}{c['wrong'] / n:8.1%}{c['suggested']:6}"
                     f"{sugg_ok:8}{c['declined']:6}{decl_ok:8}{good / n:7.1%}"
                     f"{f'{low * 100:.0f}-{high * 100:.0f}%':>10}{wrong_bound:8.1%}{lang_ok / n:8.1%}")
    return "\n".join(lines), totals


def write_report(rows: list[dict], path: Path = REPORT) -> None:
    """For editors: the wrong answers first (the question, where it was asked, what was given, what was expected),
    then the missed ones (an entry answers the question, but the reply declined it or offered other questions:
    a phrasing worth adding to that entry)."""
    wrong = [r for r in rows if r["outcome"] == "wrong"]
    missed = [r for r in rows if r["outcome"] in ("suggested", "declined") and not r["ok"]
              and set(r["labels"]) - {"decline"}]
    lines = [f"# Wrong answers on real questions ({len(wrong)} of {len(rows)})", ""]
    for r in wrong:
        lines += [f"- [{r['lang']}] {r['question']}", f"  - asked at: {r['url']}",
                  f"  - got: {r['kind']} {r.get('entry') or ''} — {r.get('reply', '')!r}",
                  f"  - expected: {', '.join(r['labels']) or 'decline (not in the base)'}"]
    lines += ["", f"# Missed: an entry answers it, but it was declined or other questions were offered "
                  f"({len(missed)} of {len(rows)})", ""]
    for r in missed:
        got = f"suggested {', '.join(r['suggested'])}" if r["outcome"] == "suggested" else r["kind"]
        lines += [f"- [{r['lang']}] {r['question']}", f"  - asked at: {r['url']}", f"  - got: {got}",
                  f"  - answered by: {', '.join(x for x in r['labels'] if x != 'decline')}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _start_stack():
    sys.path.insert(0, str(ROOT / "scripts"))
    from stack import fresh_stack

    var = Path(tempfile.mkdtemp(prefix="va-eval-real-"))
    ports = {"web_port": PORT_BASE, "rasa_port": PORT_BASE + 5, "actions_port": PORT_BASE + 55}
    # the eval sends hundreds of messages from one address: lift the per-client budget for this stack only
    return fresh_stack(var, ports, {"VA_RATE_LIMIT_PER_CLIENT": "100000"})


def main(argv: list[str] | None = None) -> int:
    """Run the split through the pipeline and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", help="dev, cal, test, all, or several joined by '+'")
    ap.add_argument("--url", help="a running gateway (default: start a fresh stack on its own ports)")
    ap.add_argument("--json", type=Path, help="also write every outcome as JSON here")
    args = ap.parse_args(argv)
    items = load(split=args.split)
    stack = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        print("==> Starting a fresh stack for the evaluation (Rasa takes 35-70 s) ...", flush=True)
        stack = _start_stack()
        base = stack.base_url
    try:
        started = time.time()
        rows = run_questions(base, items)
    finally:
        if stack is not None:
            stack.stop_all()
    text, totals = table(rows)
    print(f"Real questions, split '{args.split}', through gateway + Rasa + actions "
          f"({len(rows)} questions, {time.time() - started:.0f} s)")
    print(text)
    allt = totals["all"]
    print(f"\nwrong-answer rate ({args.split}): {allt['wrong'] / allt['n']:.1%}   "
          f"good (right answer, right suggestion or right decline): {allt['good'] / allt['n']:.1%}   "
          f"chit-chat/contact/feedback replies to questions: "
          f"{sum(1 for r in rows if r['kind'] not in QUESTION_KINDS)}   "
          f"asked for the passport first (then skipped): {sum(1 for r in rows if r.get('clarified'))}   "
          f"replies repeated within a turn: {sum(1 for r in rows if r.get('repeated'))}")
    write_report(rows)
    print(f"wrong and missed answers for editors: {REPORT}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
