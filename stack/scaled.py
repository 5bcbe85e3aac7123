"""The scaled profile on one machine (`make run-scaled`): the same pieces that would run on several hosts.

    nginx :8080 ──▶ gateway ×2 (waitress) ──▶ nginx :8081 ──▶ Rasa ×2 ──▶ nginx :8082 ──▶ action servers ×2
                        │  rate limits, site-settings version ──▶ Redis
                        │  KB store, conversation logs, workspace, Rasa trackers ──▶ PostgreSQL
                        └  Rasa's per-conversation lock ──▶ Redis

Index versions live in one folder every action server reads (`<var>/index`, with its atomic CURRENT), so
a publish from any gateway reaches every action server within KB_RELOAD_SECONDS.
"""
from __future__ import annotations

import os
import secrets
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .services import Nginx, PostgreSQL, Redis
from .single import Stack, build_knowledge_base
from .train import ROOT


class ScaledStack(Stack):
    """PostgreSQL, Redis, nginx, and `replicas` gateways, Rasa servers and action servers."""

    def __init__(self, var_dir: Path | None = None, port: int = 8080, base_port: int = 8100, pg_port: int = 5433,
                 redis_port: int = 6380, replicas: int = 2, secret_key: str | None = None,
                 extra_env: dict | None = None, pg_folder: Path | None = None):
        var = Path(var_dir or ROOT / "var" / "scaled").resolve()
        self.replicas = replicas
        self.public_port, self.rasa_lb, self.actions_lb = port, port + 1, port + 2
        self.web_ports = [base_port + i for i in range(replicas)]
        self.rasa_ports = [base_port + 10 + i for i in range(replicas)]
        self.action_ports = [base_port + 20 + i for i in range(replicas)]
        # the postgres user must reach the cluster's folder: pass one outside a private temporary folder
        self.pg = PostgreSQL(Path(pg_folder or var / "postgresql"), pg_port)
        self.redis = Redis(var / "redis", redis_port)
        self.nginx = Nginx(var / "nginx", port, {
            "gateway": (port, self.web_ports, True),
            "rasa": (self.rasa_lb, self.rasa_ports, False),
            "actions": (self.actions_lb, self.action_ports, False),
        })
        key = secret_key or os.environ.get("VA_SECRET_KEY") or _secret_key(var)
        super().__init__(var_dir=var, web_port=port, rasa_port=self.rasa_lb, actions_port=self.actions_lb,
                         extra_env={
                             "VA_PROFILE": "scaled",
                             "KB_DATABASE_URL": self.pg.url("va"),
                             "VA_REDIS_URL": self.redis.url,
                             "VA_SECRET_KEY": key,
                             "VA_TRUSTED_PROXIES": "1",  # nginx sets X-Forwarded-For
                             "KB_RELOAD_SECONDS": "2",
                             **(extra_env or {}),
                         })
        self.rasa_env = {"VA_PG_HOST": "127.0.0.1", "VA_PG_PORT": str(pg_port), "VA_PG_USER": self.pg.user,
                         "VA_TRACKER_DB": "va_tracker", "VA_REDIS_HOST": "127.0.0.1",
                         "VA_REDIS_PORT": str(redis_port),
                         # a replica that dies holding a conversation's lock frees it after this many seconds
                         "TICKET_LOCK_LIFETIME": "10"}

    def start(self) -> dict[str, float]:
        """Start everything; returns seconds per stage. Every replica is healthy when it returns."""
        t0 = time.time()
        timings = {}
        self.pg.start(databases=("va", "va_tracker"))
        self.redis.start()
        timings["postgresql+redis"] = time.time() - t0
        t = time.time()
        build_knowledge_base(self.var, self.env, quiet=True)  # into PostgreSQL and the shared index folder
        timings["knowledge base"] = time.time() - t
        t = time.time()
        self.nginx.start()
        for i, port in enumerate(self.rasa_ports):
            self.spawn_rasa(f"rasa-{i + 1}", port, endpoints="bot/endpoints-scaled.yml", env=self.rasa_env)
        with ThreadPoolExecutor(self.replicas) as pool:
            list(pool.map(lambda ip: self.start_actions(name=f"actions-{ip[0] + 1}", port=ip[1]),
                          enumerate(self.action_ports)))
        for i, port in enumerate(self.web_ports):
            self.start_web(name=f"web-{i + 1}", port=port)
        for i, port in enumerate(self.rasa_ports):
            self._wait(f"rasa-{i + 1}", f"http://127.0.0.1:{port}/", 300)
        self._wait("web-1", f"{self.base_url}/healthz", 60)
        timings["replicas"] = time.time() - t
        return timings

    def restart(self, name: str) -> None:
        """Start one replica again under its own name (after a crash)."""
        kind, number = name.rsplit("-", 1)
        i = int(number) - 1
        if kind == "rasa":
            self.spawn_rasa(name, self.rasa_ports[i], endpoints="bot/endpoints-scaled.yml", env=self.rasa_env)
            self._wait(name, f"http://127.0.0.1:{self.rasa_ports[i]}/", 300)
        elif kind == "actions":
            self.start_actions(name=name, port=self.action_ports[i])
        elif kind == "web":
            self.start_web(name=name, port=self.web_ports[i])

    def stop_all(self) -> None:
        """Stop the public side first, then the replicas, then the shared servers."""
        self.nginx.stop()
        super().stop_all()
        self.redis.stop()
        self.pg.stop()


def _secret_key(var: Path) -> str:
    # the gateways must share one key; without VA_SECRET_KEY one is made once and kept, readable by root only
    path = var / "secret_key"
    if not path.exists():
        var.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def main(argv: list[str]) -> int:
    """`make run-scaled`: start the profile, print the nginx URL, restart a replica that dies, Ctrl-C stops."""
    stack = ScaledStack()

    def _interrupt(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("==> Starting PostgreSQL, Redis, nginx, 2 action servers, 2 Rasa servers and 2 gateways ...",
              flush=True)
        timings = stack.start()
        print("==> Ready: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()), flush=True)
        print(stack.base_url, flush=True)
        print(f"Demo page: {stack.base_url}/demo   Logs: {stack.logs}   Ctrl-C stops everything.", flush=True)
        while True:
            for name, proc in list(stack.procs.items()):
                if proc.poll() is not None:
                    print(f"{name} exited ({proc.returncode}); restarting it", file=sys.stderr, flush=True)
                    stack.procs.pop(name, None)
                    stack.restart(name)
            time.sleep(1)
    except KeyboardInterrupt:
        print("\n==> Stopping ...", flush=True)
        return 0
    except Exception as exc:  # noqa: BLE001 - any start-up failure is reported, and everything is stopped
        print(f"Start-up failed: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop_all()
