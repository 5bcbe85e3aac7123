"""Site keys: which origins may embed the widget, and each embassy's settings and contact."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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

    def allows(self, origin: str | None) -> bool:
        """True for requests without an Origin (server to server) or from a listed origin."""
        if not origin:
            return True
        return "*" in self.allowed_origins or origin.rstrip("/") in self.allowed_origins


@functools.lru_cache(maxsize=4)
def load_sites(path: str = "") -> tuple[dict[str, Site], str]:
    """All sites from the YAML file, and the key used when a request names none."""
    data = yaml.safe_load(Path(path or DEFAULT_FILE).read_text(encoding="utf-8")) or {}
    sites = {}
    for key, cfg in (data.get("sites") or {}).items():
        sites[key] = Site(key=key, name=cfg.get("name", key),
                          allowed_origins=tuple(o.rstrip("/") for o in cfg.get("allowed_origins") or ()),
                          default_language=cfg.get("default_language", "en"), title=cfg.get("title", ""),
                          greeting=cfg.get("greeting") or {}, contact=cfg.get("contact") or {})
    return sites, data.get("default_site", next(iter(sites), ""))
