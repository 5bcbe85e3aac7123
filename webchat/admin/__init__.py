"""The editors' workspace at /admin: server-rendered, usable without JavaScript.

Every request needs a logged-in user (except the login page); every POST needs the session's CSRF token.
"""
from __future__ import annotations

import datetime as dt
import functools
import hmac
import secrets

from flask import Blueprint, abort, current_app, g, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException

bp = Blueprint("admin", __name__, url_prefix="/admin")
PUBLIC_ENDPOINTS = {"admin.login"}
ROLES = ("editor", "publisher")


# ---------------------------------------------------------------------------------------------- app services
def store():
    """The knowledge-base Store shared with the gateway."""
    return current_app.extensions["va_store"]


def engine():
    return store().engine


def kb():
    """The workspace's KnowledgeBase (built on first use)."""
    from .kbtools import make_kb

    ext = current_app.extensions
    if ext.get("va_admin_kb") is None:
        ext["va_admin_kb"] = make_kb(current_app)
    return ext["va_admin_kb"]


def audit(action: str, entry_id: str | None = None, details=None, conn=None) -> None:
    """Record who did what, when, to which entry."""
    from .db import write_audit

    write_audit(engine(), g.user["name"] if g.get("user") else "-", action, entry_id, details, conn)


def today() -> dt.date:
    return current_app.config.get("ADMIN_TODAY") or dt.date.today()


# ---------------------------------------------------------------------------------------------- CSRF and auth
def csrf_token() -> str:
    """The per-session CSRF token (created on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def publisher_required(view):
    """Only publishers may run this view (403 for editors)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not g.get("user") or g.user["role"] != "publisher":
            abort(403, description="Only publishers can do this.")
        return view(*args, **kwargs)
    return wrapped


@bp.record_once
def _setup(state):
    app = state.app  # the workspace's tables were migrated with the store's (knowledge_base.migrate)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    if app.config.get("ADMIN_SECURE_COOKIES"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=app.config.get("ADMIN_SESSION_HOURS", 8))
    from ..ratelimit import RateLimiter

    app.extensions["va_admin_login_limiter"] = RateLimiter(
        *app.config.get("ADMIN_LOGIN_LIMIT", (5, 300)), storage=app.extensions["va_limit_storage"], name="login")


@bp.before_request
def _guard():
    from .users import get_user

    if request.endpoint == "admin.import_entries":
        # the chat API keeps its small body limit; an import of today's whole content is about 2 MB
        request.max_content_length = current_app.config["ADMIN_IMPORT_MAX_BYTES"]
    g.user = None
    name = session.get("admin_user")
    if name:
        user = get_user(engine(), name)
        if user and not user["disabled"] and session.get("admin_role") == user["role"]:
            g.user = user
    if request.method == "POST":
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
        token = session.get("csrf")
        if not token or not hmac.compare_digest(str(sent), token):
            abort(400, description="The form is missing its security token or it has expired. "
                                   "Reload the page and try again.")
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("admin.login", next=request.full_path if request.method == "GET" else None))
    return None


@bp.after_request
def _headers(resp):
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    resp.headers.setdefault("Content-Security-Policy",
                            "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                            "frame-ancestors 'none'")
    resp.headers.setdefault("Cache-Control", "no-store")
    return resp


@bp.errorhandler(HTTPException)
def _error_page(exc: HTTPException):
    """Staff get an HTML page, not the API's JSON error."""
    from flask import render_template

    titles = {400: "Request refused", 403: "Not allowed", 404: "Not found", 409: "Conflict"}
    return render_template("admin/message.html", title=titles.get(exc.code, exc.name), message=exc.description,
                           back=request.referrer if (request.referrer or "").startswith(request.host_url) else None
                           ), exc.code or 500


@bp.app_template_global("csrf_field")
def _csrf_field():
    from markupsafe import Markup, escape

    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">')


@bp.context_processor
def _context():
    from knowledge_base.schema import LANGS, TOPICS

    return {"current_user": g.get("user"), "LANGS": LANGS, "TOPICS": TOPICS, "csrf_token": csrf_token}


from . import (analytics, attention, auth, coverage, entries, glossary, importexport, inbox, sites,  # noqa: E402,F401
               users, visa_rules)  # (routes)
