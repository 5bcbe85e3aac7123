"""The scaled profile's shared servers, from Debian's packages, on loopback ports under a var folder.

PostgreSQL holds the knowledge-base store, conversation logs, the workspace and Rasa's trackers; Redis holds
rate limits, the site-settings version and Rasa's conversation locks; nginx balances the gateway workers, the
Rasa replicas and the action servers. Each runs from its own configuration here, never as a system service.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("VA_PG_BIN", "/usr/lib/postgresql/15/bin"))


class ServiceError(RuntimeError):
    """A server could not be started; the message says what is missing."""


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None, what: str = "") -> None:
    """Wait until something accepts connections on 127.0.0.1:port."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{what or port} exited with {proc.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise ServiceError(f"{what or port}: nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def _as_postgres(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    # initdb and pg_ctl refuse to run as root: as root, run them as the postgres user
    if os.geteuid() == 0:
        cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(c) for c in cmd)]
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


@dataclass
class PostgreSQL:
    """A PostgreSQL 15 cluster in folder, trust authentication on 127.0.0.1:port only."""

    folder: Path
    port: int = 5433
    user: str = "postgres"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, db: str, driver: str = "postgresql+psycopg2") -> str:
        """SQLAlchemy URL of one database."""
        return f"{driver}://{self.user}@127.0.0.1:{self.port}/{db}"

    def start(self, databases: tuple[str, ...] = ()) -> None:
        """initdb on first use, start the server, create the databases that are missing."""
        if not (PG_BIN / "pg_ctl").exists():
            raise ServiceError(f"PostgreSQL 15 is missing ({PG_BIN}): apt-get install -y postgresql")
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.folder, pg.pw_uid, pg.pw_gid)
        if not (self.data / "PG_VERSION").exists():
            result = _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user,
                                   "-E", "UTF8", "--locale=C.UTF-8"])
            if result.returncode != 0:
                raise ServiceError(f"initdb failed: {result.stderr[-2000:]}")
        if self.running():
            self.stop()
        options = (f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                   f"-c shared_buffers=64MB")
        result = _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                               "-l", str(self.folder / "postgresql.log"), "-w", "-t", "60", "start"])
        if result.returncode != 0:
            log = (self.folder / "postgresql.log")
            raise ServiceError(f"PostgreSQL did not start: {result.stderr[-1000:]}\n"
                               f"{log.read_text(errors='replace')[-2000:] if log.exists() else ''}")
        wait_port(self.port, 30, what="PostgreSQL")
        for db in databases:
            self.create_database(db)

    def create_database(self, name: str) -> None:
        """CREATE DATABASE name, unless it exists."""
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()

    def running(self) -> bool:
        """True when the cluster's postmaster is up."""
        return (self.data / "postmaster.pid").exists() and \
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"]).returncode == 0

    def stop(self) -> None:
        """Fast shutdown (open sessions are ended, data is kept)."""
        if (self.data / "PG_VERSION").exists():
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])


@dataclass
class Redis:
    """redis-server on 127.0.0.1:port; nothing persisted (limits, locks and versions are short-lived)."""

    folder: Path
    port: int = 6380
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start redis-server and wait for its port."""
        binary = shutil.which("redis-server")
        if not binary:
            raise ServiceError("redis-server is missing: apt-get install -y redis-server")
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder / "redis.log", "ab")
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder), "--protected-mode", "yes"],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_port(self.port, 20, self.proc, "redis-server")

    def stop(self) -> None:
        """Stop redis-server."""
        stop_process_group(self.proc)


@dataclass
class Nginx:
    """nginx as the load balancer: the public port, and internal ports for Rasa and the action servers."""

    folder: Path
    port: int = 8080
    upstreams: dict | None = None  # name -> (listen port, [backend ports], extra proxy directives)
    proc: subprocess.Popen | None = None

    def config(self) -> str:
        """The nginx.conf text."""
        tmp = self.folder / "tmp"
        blocks, servers = [], []
        for name, (listen, backends, public) in (self.upstreams or {}).items():
            members = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in backends)
            blocks.append(f"  upstream {name} {{\n{members}\n    keepalive 32;\n  }}")
            # a backend that refuses the connection or dies is skipped; POSTs are retried on the other one
            # only for the internal hops, whose requests are safe to repeat (Rasa keeps one lock per
            # conversation; the action server's answer depends only on the tracker it is sent)
            retry = "error timeout" if public else "error timeout http_502 non_idempotent"
            extra = ("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                     "      proxy_set_header X-Forwarded-Proto $scheme;\n"
                     "      proxy_set_header Host $http_host;") if public else "proxy_set_header Host $http_host;"
            servers.append(f"""  server {{
    listen 127.0.0.1:{listen};
    location / {{
      proxy_pass http://{name};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      {extra}
      proxy_next_upstream {retry};
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
    }}
  }}""")
        user = "user root;\n" if os.geteuid() == 0 else ""
        return f"""{user}worker_processes 2;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections 2048; }}
http {{
  access_log off;
  client_max_body_size 10m;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
{chr(10).join(blocks)}
{chr(10).join(servers)}
}}
"""

    def start(self) -> None:
        """Write the configuration, check it, start nginx in the foreground of its own process group."""
        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if not binary:
            raise ServiceError("nginx is missing: apt-get install -y nginx")
        (self.folder / "tmp").mkdir(parents=True, exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(self.config(), encoding="utf-8")
        check = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(self.folder)], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServiceError(f"nginx configuration refused: {check.stderr[-2000:]}")
        log = open(self.folder / "nginx.out", "ab")
        self.proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(self.folder), "-g", "daemon off;"],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        for listen, _backends, _public in (self.upstreams or {}).values():
            wait_port(listen, 20, self.proc, "nginx")

    def stop(self) -> None:
        """Stop nginx (master and workers)."""
        stop_process_group(self.proc)


def stop_process_group(proc: subprocess.Popen | None, timeout: float = 10) -> None:
    """SIGTERM to the process group, SIGKILL if it is still there after timeout seconds."""
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
