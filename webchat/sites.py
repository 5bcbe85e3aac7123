"""Site keys: which origins may embed the widget, and each embassy's settings and contact.

Sites come from the workspace's table once an editor has saved one, from webchat/sites.yaml until then.
Every gateway process keeps them for a moment and reads them again when another process saved a change:
a version number in Redis says so (the scaled profile); without Redis the table is re-read every few seconds.
"""
from __future__ import annotations

import functools
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from knowledge_base import yamlio

log = logging.getLogger(__name__)
VERSION_KEY = "va:sites:version"

DEFAULT_FILE = Path(__file__).with_name("sites.yaml")


@dataclass(frozen=True)
class Site:
    """One embedding site."""

    key: str
    name: str
    allowed_origins: tuple[str, ...]
    default_language: str = "en"
    title: str = ""  # empty: the widget's own title, localized
    greeting: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    # ISO 3166 code of the country the embassy is in: the partner a question on "our two countries" means
    country: str = ""

    def allows(self, origin: str | None) -> bool:
        """True for requests without an Origin (server to server) or from a listed origin."""
        if not origin:
            return True
        return "*" in self.allowed_origins or origin.rstrip("/") in self.allowed_origins


def make_site(key: str, cfg: dict) -> Site:
    """A Site from its settings (a sites.yaml entry or a table row)."""
    return Site(key=key, name=cfg.get("name", key),
                allowed_origins=tuple(o.rstrip("/") for o in cfg.get("allowed_origins") or ()),
                default_language=cfg.get("default_language", "en"), title=cfg.get("title", ""),
                greeting=cfg.get("greeting") or {}, contact=cfg.get("contact") or {},
                country=country_code(cfg.get("country")))


def country_code(value) -> str:
    """A site's `country` as an upper-case ISO 3166 alpha-2 code, or "" when it is missing or not a country code."""
    from visa.nationality import territories

    code = str(value or "").strip().upper()
    return code if code in territories() and code != "VN" else ""


@functools.lru_cache(maxsize=4)
def load_sites(path: str = "") -> tuple[dict[str, Site], str]:
    """All sites from the YAML file, and the key used when a request names none."""
    data = yamlio.safe_load(Path(path or DEFAULT_FILE).read_text(encoding="utf-8")) or {}
    sites = {key: make_site(key, cfg) for key, cfg in (data.get("sites") or {}).items()}
    return sites, data.get("default_site", next(iter(sites), ""))


def load_table(engine) -> tuple[dict[str, dict], str]:
    """The workspace's sites (settings as dicts) and its default site key."""
    import sqlalchemy as sa

    from .admin.db import site_configs, site_meta

    with engine.connect() as conn:
        rows = conn.execute(sa.select(site_configs).order_by(site_configs.c.key)).mappings().all()
        default = conn.execute(sa.select(site_meta.c.value).where(site_meta.c.name == "default_site")).scalar()
    sites = {r["key"]: json.loads(r["data"]) for r in rows}
    return sites, default if default in sites else next(iter(sites), "")


class SiteDirectory:
    """The sites this gateway process serves, re-read when they may have changed."""

    def __init__(self, engine, yaml_path: str = "", redis=None, check_seconds: float = 1.0,
                 ttl_without_redis: float = 5.0):
        self.engine, self.yaml_path, self.redis = engine, yaml_path, redis
        self.check_seconds, self.ttl = check_seconds, ttl_without_redis
        self._sites: tuple[dict[str, Site], str] | None = None
        self._version: bytes | None = None
        self._checked = self._loaded = 0.0
        self._lock = threading.Lock()

    def get(self) -> tuple[dict[str, Site], str]:
        """All sites and the default key, as saved in any gateway process a moment ago."""
        now = time.monotonic()
        if self._sites is not None and now - self._checked < self.check_seconds:
            return self._sites
        with self._lock:
            self._checked = now
            version = self._remote_version()
            stale = (self._sites is None or (version is not None and version != self._version)
                     or (version is None and now - self._loaded >= self.ttl))
            if stale:
                self._sites, self._version, self._loaded = self._read(), version, now
        return self._sites

    def changed(self) -> None:
        """Say that the table changed: every process reads it again (this one at once)."""
        if self.redis is not None:
            try:
                self.redis.incr(VERSION_KEY)
            except Exception as exc:  # noqa: BLE001 - the others still re-read when their cache ends
                log.warning("could not announce the site change through Redis: %s", exc)
        with self._lock:
            self._sites = None

    def _remote_version(self) -> bytes | None:
        if self.redis is None:
            return None
        try:
            return self.redis.get(VERSION_KEY) or b"0"
        except Exception as exc:  # noqa: BLE001 - Redis down: fall back to the time-based re-read
            log.warning("site version unavailable from Redis: %s", exc)
            return None

    def _read(self) -> tuple[dict[str, Site], str]:
        try:
            table, default = load_table(self.engine)
        except Exception as exc:  # noqa: BLE001 - the workspace tables may not exist yet
            log.debug("site table unavailable: %s", exc)
            table, default = {}, ""
        if table:
            return {k: make_site(k, v) for k, v in table.items()}, default
        return load_sites(self.yaml_path)
