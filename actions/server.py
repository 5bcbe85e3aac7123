"""Start the action server on loopback only (Rasa's action webhook has no authentication)."""
from __future__ import annotations

import os
import sys


def main() -> None:
    """Run rasa-sdk's endpoint for the `actions` package, bound to 127.0.0.1 by default."""
    os.environ.setdefault("SANIC_HOST", os.environ.get("ACTIONS_HOST", "127.0.0.1"))
    # warm the encoder and index before accepting traffic, so the first visitor is not the one who waits
    from knowledge_base.service import get_kb

    get_kb().index()
    from rasa_sdk.__main__ import main as sdk_main

    port = os.environ.get("ACTIONS_PORT", "5055")
    sys.argv = [sys.argv[0], "--actions", "actions", "--port", port, *sys.argv[1:]]
    sdk_main()


if __name__ == "__main__":
    main()
