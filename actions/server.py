"""Start the action server on loopback only (Rasa's action webhook has no authentication).

One process serves the webhook (Sanic's single-process mode): the encoder and the index are loaded once,
before the first request, in the process that answers. The domain (responses in nine languages, slots,
forms) is read from bot/domain/ at start, so Rasa does not send it with every action call
(`enable_selective_domain` in bot/endpoints.yml); a call that does carry a domain uses that one.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
from pathlib import Path
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor

from knowledge_base import yamlio

DOMAIN_DIR = Path(__file__).resolve().parent.parent / "bot" / "domain"
log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def local_domain(folder: Path = DOMAIN_DIR) -> dict[str, Any]:
    """The domain files merged as Rasa merges them: lists joined, mappings united, in file-name order."""
    merged: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yml")):
        part = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


class LocalDomainExecutor(ActionExecutor):
    """rasa-sdk's executor, with the local domain for calls that come without one."""

    def update_and_return_domain(self, payload: dict, action_name: str) -> dict:
        """The call's own domain when Rasa sent it, otherwise the one read from bot/domain/."""
        return payload.get("domain") or local_domain()


def build_app():
    """The Sanic app with every action of the `actions` package registered."""
    executor = LocalDomainExecutor()
    executor.register_package("actions")
    return create_app(executor, cors_origins=None)


def main() -> None:
    """Warm the knowledge base, then serve on ACTIONS_HOST:ACTIONS_PORT (127.0.0.1:5055 by default)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    from knowledge_base.service import get_kb

    # the first visitor should not be the one who waits for the encoder, the index and the lexical tables
    # (unsupported=False: the gateway decides the language; detecting it here would load langdetect, 32 MB)
    get_kb().lookup("warm up", "en", unsupported=False)
    # the entries' countries (for the ranking's country lift) in the background: about 2 s, not before serving
    threading.Thread(target=get_kb().prepare_entries, name="prepare-entries", daemon=True).start()
    local_domain()
    host = os.environ.get("ACTIONS_HOST", "127.0.0.1")
    port = int(os.environ.get("ACTIONS_PORT", "5055"))
    build_app().run(host=host, port=port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
