"""Rate limits kept in one store: Redis when VA_REDIS_URL is set, so that every gateway process counts a
visitor together, otherwise this process's memory (the single-machine profile).

Built on `limits`, the storage and moving-window layer that Flask-Limiter uses; the callers decide what a
key is (a session, a hashed client address, a user name) and what to answer when it is over its limit.
"""
from __future__ import annotations

import logging

from limits import RateLimitItemPerSecond
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


def make_storage(redis_url: str = "") -> Storage:
    """Redis storage for a redis:// URL, process memory for an empty one."""
    return storage_from_string(redis_url or "memory://")


class RateLimiter:
    """At most `limit` events per `window` seconds for each key, counted in storage under `name`."""

    def __init__(self, limit: int, window: float, storage: Storage | None = None, name: str = "chat"):
        self.item = RateLimitItemPerSecond(int(limit), int(window))
        self.name = name
        self._strategy = MovingWindowRateLimiter(storage or make_storage())

    def allow(self, key: str) -> bool:
        """Count an event for key; False when the key is over its limit."""
        try:
            return self._strategy.hit(self.item, self.name, key)
        except Exception as exc:  # noqa: BLE001 - a storage outage must not refuse every visitor
            log.warning("rate limit storage unavailable (%s); allowing", exc)
            return True

    def blocked(self, key: str) -> bool:
        """True when key has no event left, without counting one."""
        try:
            return not self._strategy.test(self.item, self.name, key)
        except Exception as exc:  # noqa: BLE001
            log.warning("rate limit storage unavailable (%s)", exc)
            return False

    def fail(self, key: str) -> None:
        """Count an event (a failed login) for key."""
        self.allow(key)

    def reset(self, key: str) -> None:
        """Forget key's events (a successful login)."""
        try:
            self._strategy.clear(self.item, self.name, key)
        except Exception as exc:  # noqa: BLE001
            log.warning("rate limit storage unavailable (%s)", exc)
