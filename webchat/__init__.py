"""The webchat gateway: the only public surface. Serves the API, the widget and the demo page."""
from __future__ import annotations

import logging
import os
import threading

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: defaults, then instance/config.py, then test_config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object("webchat.settings")
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        if app.config.get("PROFILE") == "scaled":
            # several gateway processes must sign the workspace's sessions with one key
            raise RuntimeError("VA_SECRET_KEY is required in the scaled profile")
        app.config["SECRET_KEY"] = os.urandom(32)
    logging.basicConfig(level=logging.INFO)
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # the client's address is the one the trusted proxies saw, so each visitor keeps their own budget
        n = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from knowledge_base.config import load_config
    from knowledge_base.store import get_store

    from . import chat, errors, health, openapi, widget
    from .conversations import Conversations
    from .ratelimit import RateLimiter, make_storage
    from .sites import SiteDirectory

    url = app.config.get("DATABASE_URL") or load_config().database_url
    app.extensions["va_store"] = get_store(url)
    app.extensions["va_conversations"] = Conversations(app.extensions["va_store"].engine)
    redis = None
    if app.config.get("REDIS_URL"):
        import redis as redis_lib

        redis = redis_lib.Redis.from_url(app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2)
    app.extensions["va_redis"] = redis
    app.extensions["va_sites"] = SiteDirectory(app.extensions["va_store"].engine, app.config.get("SITES_FILE") or "",
                                               redis)
    storage = app.extensions["va_limit_storage"] = make_storage(app.config.get("REDIS_URL") or "")
    app.extensions["va_limits"] = {
        "session": RateLimiter(*app.config["RATE_LIMIT_PER_SESSION"], storage=storage, name="session"),
        "client": RateLimiter(*app.config["RATE_LIMIT_PER_CLIENT"], storage=storage, name="client"),
    }
    app.extensions["va_admission"] = threading.BoundedSemaphore(max(1, int(app.config["MAX_IN_FLIGHT"])))
    errors.register(app)
    for bp in (chat.bp, health.bp, widget.bp, openapi.bp):
        app.register_blueprint(bp)
    from .admin import bp as admin_bp

    app.register_blueprint(admin_bp)
    return app
