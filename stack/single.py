"""The single-machine profile: one action server, one Rasa server and the Flask gateway, with SQLite.

Used by `make run`, by the end-to-end tests and by the benchmarks, so all three run the stack the same way.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import requests

from .services import stop_process_group
from .train import ROOT, model_path, rasa_env

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
            # spinning OpenMP threads of one process starve the others on a small machine; set before any
            # library loads the OpenMP runtime, which reads it once
            "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE"),
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

    def start_actions(self, timeout: float = 120, name: str = "actions", port: int | None = None,
                      env: dict | None = None) -> float:
        """Start an action server and wait for /health; returns seconds taken."""
        port = port or self.actions_port
        self._spawn(name, [str(PY), "-m", "actions.server"], {**self.env, "ACTIONS_PORT": str(port), **(env or {})})
        return self._wait(name, f"http://127.0.0.1:{port}/health", timeout)

    def spawn_rasa(self, name: str = "rasa", port: int | None = None, endpoints: str = "bot/endpoints.yml",
                   env: dict | None = None) -> str:
        """Start a Rasa server on loopback without waiting; returns the URL it will answer on."""
        full = rasa_env()
        full.update(self.env)
        full["PYTHONPATH"] = rasa_env()["PYTHONPATH"]
        full.update({"VA_ACTIONS_WEBHOOK": f"{self.actions_url}/webhook", "VA_TRACKER_DIALECT": "sqlite",
                     "VA_TRACKER_DB": str(self.var / "rasa_tracker.sqlite3")})
        full.update(env or {})
        model = model_path()
        if not model.exists():
            raise FileNotFoundError(f"{model} is missing: run `make train`")
        port = port or self.rasa_port
        # rasa_server: `rasa run` with the action replies checked by a compiled validator (bot/rasa_server.py)
        self._spawn(name, [str(RASA_PY), "-m", "rasa_server", "run", "--model", str(model), "--endpoints", endpoints,
                           "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1", "--port", str(port)],
                    full)
        return f"http://127.0.0.1:{port}"

    def start_rasa(self, timeout: float = 240) -> float:
        """Start the Rasa server and wait until it answers; returns seconds taken."""
        url = self.spawn_rasa()
        return self._wait("rasa", f"{url}/", timeout)

    def start_web(self, timeout: float = 60, name: str = "web", port: int | None = None,
                  env: dict | None = None) -> float:
        """Start a Flask gateway (waitress) and wait until it serves /demo."""
        port = port or self.web_port
        self._spawn(name, [str(PY), "-m", "webchat", "--port", str(port)], {**self.env, **(env or {})})
        return self._wait(name, f"http://127.0.0.1:{port}/demo", timeout)

    def start(self) -> dict[str, float]:
        """Start everything (Rasa boots while the others do) and wait for a green /healthz."""
        timings = {"actions": self.start_actions()}
        timings["web"] = self.start_web()
        timings["rasa"] = self.start_rasa()
        self._wait("web", f"{self.base_url}/healthz", 60)
        return timings

    def stop(self, name: str, timeout: float = 15) -> None:
        """Stop one process group: SIGTERM, then SIGKILL."""
        stop_process_group(self.procs.pop(name, None), timeout)

    def kill(self, name: str) -> None:
        """Kill one process group abruptly, as a crash would."""
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop_all(self) -> None:
        """Stop the gateways first, so no request reaches a half-stopped backend."""
        order = ("web", "rasa", "actions")
        for name in sorted(self.procs, key=lambda n: next((i for i, p in enumerate(order) if n.startswith(p)), 9)):
            self.stop(name)

    # names the browser tests use
    def stop_rasa(self) -> None:
        """Stop the Rasa server."""
        self.stop("rasa")

    def pids(self) -> dict[str, int]:
        """Process ids of the running parts."""
        return {name: p.pid for name, p in self.procs.items() if p.poll() is None}


def build_knowledge_base(var: Path, env: dict, quiet: bool = False) -> None:
    """Seed the store named by env from the repository's content and build the index in var/index."""
    seeds = ROOT.parent / "shared" / "seeds"
    cmd = [str(PY), "-m", "knowledge_base", "build"] + (["--seeds", str(seeds)] if seeds.is_dir() else [])
    # the index built by `make build` is reused by copying: same content, same encoder, same hash
    src_index = ROOT / "var" / "index"
    if src_index.is_dir() and not (var / "index").exists():
        shutil.copytree(src_index, var / "index")
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL if quiet else None)


def fresh_stack(var: Path, ports: dict, extra_env: dict | None = None) -> Stack:
    """A stack on its own ports and var folder, with a fresh store built from the repository's content.

    The end-to-end tests and `make eval-real` use it, so a developer's `make run` can keep going beside them.
    """
    var = Path(var)
    build_knowledge_base(var, dict(os.environ, VA_VAR_DIR=str(var), KB_RELOAD_SECONDS="1", **(extra_env or {})))
    stack = Stack(var_dir=var, extra_env={"KB_RELOAD_SECONDS": "1", **(extra_env or {})}, **ports)
    try:
        stack.timings = stack.start()
    except Exception:
        stack.stop_all()
        raise
    return stack
