"""A small in-process sliding-window rate limiter (one per gateway process)."""
from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    """Allows at most `limit` events per `window` seconds for each key."""

    def __init__(self, limit: int, window: float, max_keys: int = 100_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._events: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record an event for key; False when the key is over its limit."""
        now = time.monotonic()
        with self._lock:
            if len(self._events) > self.max_keys:
                self._events.clear()  # bounded memory beats perfect accounting under a flood of keys
            q = self._events.setdefault(key, deque())
            while q and now - q[0] > self.window:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            return True
