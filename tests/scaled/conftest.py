"""The scaled profile for tests: PostgreSQL, Redis, nginx, two gateways, two Rasa servers, two action servers.

Started once per session from stack/scaled.py in its own var folder and on its own ports (VA_SCALED_PORT_BASE),
so a developer's `make run-scaled` can keep going beside it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from stack.scaled import ScaledStack

_BASE = int(os.environ.get("VA_SCALED_PORT_BASE", "8280"))


@pytest.fixture(scope="session")
def scaled(tmp_path_factory):
    """The running profile; stopped (servers included) at the end of the session."""
    # pytest's temporary folders are private to root; the postgres user needs a folder it can reach
    pg_folder = Path(tempfile.mkdtemp(prefix="va-scaled-pg-"))
    stack = ScaledStack(var_dir=tmp_path_factory.mktemp("va-scaled"), port=_BASE, base_port=_BASE + 20,
                        pg_port=_BASE + 50, redis_port=_BASE + 51, secret_key="scaled-test-secret",
                        pg_folder=pg_folder)
    try:
        stack.timings = stack.start()
    except Exception:
        stack.stop_all()
        shutil.rmtree(pg_folder, ignore_errors=True)
        raise
    yield stack
    stack.stop_all()
    shutil.rmtree(pg_folder, ignore_errors=True)


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__(pool_maxsize=4)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def visitor(n: int) -> requests.Session:
    """An HTTP client with its own loopback address (127.0.1.n): a distinct visitor behind nginx."""
    s = requests.Session()
    s.mount("http://", _FromAddress(f"127.0.1.{n % 250 + 1}"))
    return s
