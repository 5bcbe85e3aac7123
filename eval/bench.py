"""`make bench`: retrieval quality, API latency, Rasa cold start and memory, printed as numbers."""
from __future__ import annotations

import concurrent.futures as cf
import statistics
import subprocess
import sys
import threading
import time
import uuid

import psutil
import requests

from knowledge_base.config import ROOT, load_config
from knowledge_base.service import KnowledgeBase

from stack import Stack
from stack.train import RASA, rasa_env

from .run import load_questions, print_table, score_all, summarise

QUESTIONS = [
    ("en", "Do I need a visa to visit Vietnam?"), ("fr", "Quelle est la monnaie du Vietnam ?"),
    ("es", "¿Qué es el Tết?"), ("de", "Wie gründe ich eine Firma in Vietnam?"),
    ("ru", "Какой часовой пояс во Вьетнаме?"), ("zh", "越南的外交政策是什么？"),
    ("ja", "ベトナムの緊急電話番号は？"), ("ko", "베트남 전자비자 수수료는 얼마인가요?"),
    ("vi", "Thuế thu nhập doanh nghiệp ở Việt Nam là bao nhiêu?"), ("en", "hello"),
]

# one pass before measuring, with other questions in the same nine languages (a visa question among them), so
# the figures are of a running service, not of first-use costs (lazy imports, first form, CLDR data per
# language), and no measured text is in a cache already; the first request is reported on its own
WARMUP = [
    ("en", "Is a visa required to travel to Vietnam?"), ("fr", "Quel est le fuseau horaire du Vietnam ?"),
    ("es", "¿Cuál es la moneda de Vietnam?"), ("de", "Was ist Tết?"),
    ("ru", "Какая валюта во Вьетнаме?"), ("zh", "越南的春节是什么时候？"),
    ("ja", "ベトナムの通貨は何ですか？"), ("ko", "베트남의 외교 정책은 무엇인가요?"),
    ("vi", "Thủ tục thành lập công ty ở Việt Nam thế nào?"), ("en", "thanks"),
]


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def timed_chat(base: str, session: str, text: str, shed: list | None = None) -> float:
    """Seconds for one POST /api/v1/chat; raises on a non-200, except that a 503 "busy" is appended to `shed` where
    one is given (the concurrent run counts the messages the gateway's admission control turned away)."""
    start = time.perf_counter()
    resp = requests.post(f"{base}/api/v1/chat", json={"session_id": session, "message": text}, timeout=120)
    if shed is not None and resp.status_code == 503:
        shed.append(time.perf_counter() - start)
        return shed[-1]
    resp.raise_for_status()
    return time.perf_counter() - start


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def overload(base: str, sessions: int = 50, seconds: float = 20.0) -> None:
    """50 sessions sending without pause (about five times what the stack serves): admitted vs shed."""
    admitted, shed, lock = [], [], threading.Lock()
    until = time.perf_counter() + seconds

    def loop(i: int) -> None:
        n = 0
        while time.perf_counter() < until:
            start = time.perf_counter()
            r = requests.post(f"{base}/api/v1/chat", json={"session_id": f"over-{i}", "message":
                                                            QUESTIONS[(i + n) % len(QUESTIONS)][1]}, timeout=120)
            took = time.perf_counter() - start
            with lock:
                (admitted if r.status_code == 200 else shed).append((took, r.status_code))
            if r.status_code == 503:
                time.sleep(float(r.headers.get("Retry-After", "1")))
            n += 1

    with cf.ThreadPoolExecutor(sessions) as pool:
        list(pool.map(loop, range(sessions)))
    ok = [t for t, _ in admitted]
    codes = sorted({c for _, c in shed})
    print(f"overload ({sessions} sessions without pause, {seconds:.0f} s): {len(ok)} answered, p50 "
          f"{1000 * statistics.median(ok):.0f} ms, p95 {1000 * pct(ok, 95):.0f} ms, {len(ok) / seconds:.1f} req/s; "
          f"{len(shed)} shed (HTTP {codes}), answered in p95 {1000 * pct([t for t, _ in shed] or [0], 95):.0f} ms")


BARE_MESSAGES = ["hello", "I am sad", "yes", "great", "goodbye", "are you a bot?"]


def _latencies(post, sessions: int, per_session: int) -> tuple[list[float], float]:
    def one(sid: str) -> list[float]:
        out = []
        for n in range(per_session):
            start = time.perf_counter()
            post(sid, n)
            out.append(time.perf_counter() - start)
        return out

    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(sessions) as pool:
        found = [t for ts in pool.map(one, [f"s{i}-{uuid.uuid4().hex[:6]}" for i in range(sessions)]) for t in ts]
    return found, time.perf_counter() - t0


def bare_rasa(port: int = 5791) -> dict | None:
    """The same measurements on a bare `rasa init` bot (same Rasa 3.6), trained once into var/bench/."""
    folder = ROOT / "var" / "bench" / "rasa-init"
    if not list(folder.glob("models/*.tar.gz")):
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(folder)], cwd=folder,
                              env=rasa_env(), capture_output=True, text=True)
        if done.returncode != 0:
            print(f"bare rasa init failed: {done.stderr[-500:]}")
            return None
    log = open(folder / "rasa.log", "ab")
    proc = subprocess.Popen([str(RASA), "run", "--port", str(port), "--interface", "127.0.0.1"], cwd=folder,
                            env=rasa_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 240
        while time.time() < deadline:
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            print("bare rasa did not start")
            return None

        def post(sid: str, n: int) -> None:
            requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sid, "message": BARE_MESSAGES[n % 6]},
                          timeout=120).raise_for_status()

        for n in range(len(BARE_MESSAGES)):  # its warm-up pass (bare Rasa keeps no per-text cache)
            post("warmup", n)
        seq, _ = _latencies(post, 1, 40)
        conc, wall = _latencies(post, 10, 6)
        return {"seq_p50": statistics.median(seq), "seq_p95": pct(seq, 95), "conc_p95": pct(conc, 95),
                "throughput": len(conc) / wall, "rss": tree_rss_mb(proc.pid)}
    finally:
        import os
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> int:
    """Run every benchmark and print the results."""
    print("== Retrieval (eval/questions, the calibrated decision)")
    cfg = load_config()
    kb = KnowledgeBase(cfg)
    start = time.perf_counter()
    items = load_questions()
    rows = score_all(kb, items)
    elapsed = time.perf_counter() - start
    print_table(summarise(rows, None), None)
    print(f"search latency: {1000 * elapsed / len(items):.1f} ms per question over {len(items)} questions")

    print("\n== Language detection (eval/language/messages.jsonl)")
    subprocess.run([sys.executable, "-m", "eval.language_eval"], cwd=ROOT, check=False)

    print("\n== Stack: cold start, latency, memory")
    stack = Stack(var_dir=ROOT / "var", web_port=8700, rasa_port=5705, actions_port=5755,
                  extra_env={"VA_RATE_LIMIT_PER_SESSION": "100000", "VA_RATE_LIMIT_PER_CLIENT": "100000"})
    try:
        t0 = time.perf_counter()
        timings = stack.start()
        print(f"cold start: actions {timings['actions']:.1f} s, gateway {timings['web']:.1f} s, "
              f"rasa {timings['rasa']:.1f} s, all healthy after {time.perf_counter() - t0:.1f} s")
        base = stack.base_url
        first = timed_chat(base, "warmup", "hello")
        for n, (_lang, text) in enumerate(WARMUP):
            timed_chat(base, f"warmup-{n % 5}", text)
        print(f"first request after start: {1000 * first:.0f} ms; then a warm-up pass of {len(WARMUP)} other questions")
        seq = [timed_chat(base, f"seq-{n % 5}", QUESTIONS[n % len(QUESTIONS)][1]) for n in range(40)]
        print(f"sequential (40 requests): p50 {1000 * statistics.median(seq):.0f} ms, p95 {1000 * pct(seq, 95):.0f} ms")
        ours = {"seq_p50": statistics.median(seq), "seq_p95": pct(seq, 95)}
        shed: list[float] = []
        conc, wall = _latencies(lambda sid, n: timed_chat(base, sid, QUESTIONS[n % len(QUESTIONS)][1], shed), 10, 6)
        print(f"10 concurrent sessions ({len(conc)} requests): p50 {1000 * statistics.median(conc):.0f} ms, "
              f"p95 {1000 * pct(conc, 95):.0f} ms, throughput {(len(conc) - len(shed)) / wall:.1f} answered req/s; "
              f"{len(shed)} shed with 503 busy")
        ours.update(conc_p95=pct(conc, 95), throughput=(len(conc) - len(shed)) / wall, rss=0.0)
        overload(base)
        long_sid = f"long-{uuid.uuid4().hex[:8]}"
        turns = [timed_chat(base, long_sid, QUESTIONS[n % len(QUESTIONS)][1]) for n in range(300)]
        early, late = statistics.median(turns[5:15]), statistics.median(turns[290:300])
        print(f"one conversation of 300 turns: turn 10 {1000 * early:.0f} ms, turn 300 {1000 * late:.0f} ms "
              f"(medians of turns 5-15 and 290-300; ratio {late / early:.2f})")
        for name, pid in stack.pids().items():
            rss = tree_rss_mb(pid)
            ours["rss"] += rss
            print(f"memory {name}: {rss:.0f} MB RSS")
        print(f"memory, whole stack: {ours['rss']:.0f} MB RSS")
    finally:
        stack.stop_all()

    print("\n== A bare `rasa init` bot on the same Rasa, REST channel, same machine (the reference)")
    bare = bare_rasa()
    if bare:
        print(f"bare: sequential p50 {1000 * bare['seq_p50']:.0f} ms, p95 {1000 * bare['seq_p95']:.0f} ms; "
              f"10 sessions {bare['throughput']:.1f} req/s, p95 {1000 * bare['conc_p95']:.0f} ms; {bare['rss']:.0f} MB")
        print(f"ours / bare: sequential p50 x{ours['seq_p50'] / bare['seq_p50']:.1f}, "
              f"p95 x{ours['seq_p95'] / bare['seq_p95']:.1f}; throughput x{ours['throughput'] / bare['throughput']:.2f}; "
              f"memory x{ours['rss'] / bare['rss']:.1f}")
    build = ROOT / "webchat" / "static" / "build" / "widget.min.js"
    if build.exists():
        import gzip

        data = build.read_bytes()
        print(f"\nwidget: {len(data) / 1024:.1f} kB minified, {len(gzip.compress(data)) / 1024:.1f} kB gzipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
