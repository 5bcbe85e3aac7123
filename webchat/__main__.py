"""Serve the gateway with waitress: python -m webchat [--host H] [--port P]."""
from __future__ import annotations

import argparse
import os


def main() -> None:
    """Run the production WSGI server around create_app()."""
    parser = argparse.ArgumentParser(prog="python -m webchat")
    parser.add_argument("--host", default=os.environ.get("VA_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("VA_PORT", "8000")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("VA_THREADS", "48")))
    args = parser.parse_args()
    from waitress import serve

    from . import create_app

    app = create_app()
    # behind trusted proxies werkzeug's ProxyFix reads X-Forwarded-* (create_app); waitress must pass them on
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="vietnam-assistant",
          clear_untrusted_proxy_headers=not app.config.get("TRUSTED_PROXIES"))


if __name__ == "__main__":
    main()
