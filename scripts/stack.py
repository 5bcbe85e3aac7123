"""Start and stop the three real processes: action server, Rasa server, Flask gateway.

Used by `make run`, by the end-to-end tests and by the benchmarks, so all three run the stack the same way.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import ROOT, model_path, rasa_env  # noqa: E402

PY = ROOT / ".venv" / "bin" / "python"
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"


class Stack:
    """The running processes, their ports and logs."""

    def __init__(self, var_dir: Path | None = None, web_port: int = 8000, rasa_port: int = 5005,
                 actions_port: int = 5055, extra_env: dict | None = None):
        self.var = Path(var_dir or os.environ.get("VA_VAR_DIR", ROOT / "var")).resolve()
        self.logs = self.var / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.web_port, self.rasa_port, self.actions_port = web_port, rasa_port, actions_port
        self.base_url = f"http://127.0.0.1:{web_port}"
        self.rasa_url = f"http://127.0.0.1:{rasa_port}"
        self.actions_url = f"http://127.0.0.1:{actions_port}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = dict(os.environ)
        self.env.update({
            "VA_VAR_DIR": str(self.var), "RASA_URL": self.rasa_url, "ACTIONS_URL": self.actions_url,
            "ACTIONS_PORT": str(actions_port), "VA_PORT": str(web_port), "PYTHONUNBUFFERED": "1",
            # Rasa's featurizer leaves each message's vector here for the action server (shared_vectors)
            "VA_SHARED_VECTORS": str(self.var / "cache" / "query-vectors"),
        })
        self.env.update(extra_env or {})

    def _spawn(self, name: str, cmd: list[str], env: dict) -> None:
        log = open(self.logs / f"{name}.log", "ab")
        # own process group, so stopping one kills its workers too
        self.procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def _wait(self, name: str, url: str, timeout: float) -> float:
        start = time.time()
        while time.time() - start < timeout:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                tail = (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{tail}")
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return time.time() - start
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{name} not healthy at {url} after {timeout:.0f} s; see {self.logs / name}.log")

    def start_actions(self, timeout: float = 120) -> float:
        """Start the action server and wait for /health; returns seconds taken."""
        self._spawn("actions", [str(PY), "-m", "actions.server"], self.env)
        return self._wait("actions", f"{self.actions_url}/health", timeout)

    def start_rasa(self, timeout: float = 240) -> float:
        """Start the Rasa server on loopback and wait until it answers; returns seconds taken."""
        env = rasa_env()
        env.update(self.env)
        env["PYTHONPATH"] = rasa_env()["PYTHONPATH"]
        env.update({"VA_ACTIONS_WEBHOOK": f"{self.actions_url}/webhook", "VA_TRACKER_DIALECT": "sqlite",
                    "VA_TRACKER_DB": str(self.var / "rasa_tracker.sqlite3")})
        model = model_path()
        if not model.exists():
            raise FileNotFoundError(f"{model} is missing: run `make train`")
        # rasa_server: `rasa run` with the action replies checked by a compiled validator (bot/rasa_server.py)
        self._spawn("rasa", [str(RASA_PY), "-m", "rasa_server", "run", "--model", str(model), "--endpoints", "bot/endpoints.yml",
                             "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1",
                             "--port", str(self.rasa_port)], env)
        return self._wait("rasa", f"{self.rasa_url}/", timeout)

    def start_web(self, timeout: float = 60) -> float:
        """Start the Flask gateway (waitress) and wait until it serves /demo."""
        self._spawn("web", [str(PY), "-m", "webchat", "--port", str(self.web_port)], self.env)
        return self._wait("web", f"{self.base_url}/demo", timeout)

    def start(self) -> dict[str, float]:
        """Start everything (Rasa boots while the others do) and wait for a green /healthz."""
        timings = {"actions": self.start_actions()}
        timings["web"] = self.start_web()
        timings["rasa"] = self.start_rasa()
        self._wait("web", f"{self.base_url}/healthz", 60)
        return timings

    def stop(self, name: str, timeout: float = 15) -> None:
        """Stop one process group: SIGTERM, then SIGKILL."""
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=timeout)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)

    def kill(self, name: str) -> None:
        """Kill one process group abruptly, as a crash would."""
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop_all(self) -> None:
        """Stop the gateway first, so no request reaches a half-stopped backend."""
        for name in ("web", "rasa", "actions"):
            self.stop(name)

    # names the browser tests use
    def stop_rasa(self) -> None:
        """Stop the Rasa server."""
        self.stop("rasa")

    def pids(self) -> dict[str, int]:
        """Process ids of the running parts."""
        return {name: p.pid for name, p in self.procs.items() if p.poll() is None}


def fresh_stack(var: Path, ports: dict, extra_env: dict | None = None) -> Stack:
    """A stack on its own ports and var folder, with a fresh store built from the repository's content.

    The end-to-end tests and `make eval-real` use it, so a developer's `make run` can keep going beside them.
    """
    var = Path(var)
    env = dict(os.environ, VA_VAR_DIR=str(var), KB_RELOAD_SECONDS="1", **(extra_env or {}))
    seeds = ROOT.parent / "shared" / "seeds"
    cmd = [str(PY), "-m", "knowledge_base", "build"] + (["--seeds", str(seeds)] if seeds.is_dir() else [])
    # the index built by `make build` is reused by copying: same content, same encoder, same hash
    src_index = ROOT / "var" / "index"
    if src_index.is_dir() and not (var / "index").exists():
        shutil.copytree(src_index, var / "index")
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    stack = Stack(var_dir=var, extra_env={"KB_RELOAD_SECONDS": "1", **(extra_env or {})}, **ports)
    try:
        stack.timings = stack.start()
    except Exception:
        stack.stop_all()
        raise
    return stack
