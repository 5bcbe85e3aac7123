"""The bench's request helper: a 503 "busy" from admission control is counted as shed, not a crash."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from eval.bench import timed_chat


class _Handler(BaseHTTPRequestHandler):
    statuses: list[int] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = self.statuses.pop(0)
        body = json.dumps({"error": "busy"} if status == 503 else {"messages": []}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_busy_reply_is_counted_as_shed_where_the_run_counts_them(server):
    _Handler.statuses = [200, 503, 200]
    shed: list[float] = []
    assert timed_chat(server, "s", "hello", shed) > 0 and shed == []
    assert timed_chat(server, "s", "hello", shed) > 0 and len(shed) == 1
    assert timed_chat(server, "s", "hello", shed) > 0 and len(shed) == 1


def test_a_busy_or_failed_reply_still_fails_a_run_that_does_not_count_them(server):
    _Handler.statuses = [503, 500]
    with pytest.raises(requests.HTTPError):
        timed_chat(server, "s", "hello")
    with pytest.raises(requests.HTTPError):
        timed_chat(server, "s", "hello", [])
