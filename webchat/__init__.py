"""The webchat gateway: the only public surface. Serves the API, the widget and the demo page."""
from __future__ import annotations

import logging
import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: defaults, then instance/config.py, then test_config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object("webchat.settings")
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.urandom(32)
    logging.basicConfig(level=logging.INFO)

    from knowledge_base.config import load_config
    from knowledge_base.store import get_store

    from . import chat, errors, health, widget
    from .conversations import Conversations
    from .ratelimit import RateLimiter
    from .sites import load_sites

    url = app.config.get("DATABASE_URL") or load_config().database_url
    app.extensions["va_store"] = get_store(url)
    app.extensions["va_conversations"] = Conversations(app.extensions["va_store"].engine)
    app.extensions["va_sites"] = load_sites(app.config.get("SITES_FILE") or "")
    app.extensions["va_limits"] = {
        "session": RateLimiter(*app.config["RATE_LIMIT_PER_SESSION"]),
        "client": RateLimiter(*app.config["RATE_LIMIT_PER_CLIENT"]),
    }
    errors.register(app)
    for bp in (chat.bp, health.bp, widget.bp):
        app.register_blueprint(bp)
    from .admin import bp as admin_bp

    app.register_blueprint(admin_bp)
    return app
