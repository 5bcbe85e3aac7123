"""The real stack for end-to-end tests: action server, Rasa server and gateway as real processes.

They use their own var folder (a fresh store, tracker and index built from the repository's content)
and their own ports, so a developer's `make run` can keep going beside them.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import requests

from stack import fresh_stack

# VA_E2E_PORT_BASE lets two checkouts run their end-to-end suites side by side
_BASE = int(os.environ.get("VA_E2E_PORT_BASE", "8600"))
E2E_PORTS = {"web_port": _BASE, "rasa_port": _BASE + 5, "actions_port": _BASE + 55}


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """Start all three processes once per test session; stop them at the end."""
    # a new Rasa session every 4 visitor messages (20 in production), so every end-to-end conversation of more
    # than four turns crosses one and must keep its slots
    # every test talks from 127.0.0.1: the per-client budget (120 a minute) would count the whole suite as one
    # visitor; the per-session budget stays as deployed
    s = fresh_stack(tmp_path_factory.mktemp("va-e2e"), E2E_PORTS,
                    extra_env={"VA_SESSION_ROLL_TURNS": "4", "VA_RATE_LIMIT_PER_CLIENT": "100000"})
    s.start_rasa_again = s.start_rasa
    yield s
    s.stop_all()


CHROMIUM = "/usr/bin/chromium"
# without the background-networking flags chromium keeps dialling Google on a closed network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright's own browser download does not work here)."""
    from playwright import sync_api

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def chat(stack, message: str, session_id: str | None = None, **extra) -> requests.Response:
    """POST one message to the gateway."""
    body = {"session_id": session_id or uuid.uuid4().hex, "message": message, **extra}
    return requests.post(f"{stack.base_url}/api/v1/chat", json=body, timeout=90)
