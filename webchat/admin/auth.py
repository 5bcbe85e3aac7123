"""Login and logout, with a per-username-and-client failure limit."""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for

from . import bp, csrf_token, engine
from .db import write_audit
from .users import check_login


def _key(name: str) -> str:
    # the client address is only hashed into the limiter's memory, never stored
    client = hashlib.sha256((request.remote_addr or "").encode()).hexdigest()[:16]
    return f"{name.lower()}|{client}"


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("admin.entries")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with name and password."""
    error = None
    status = 200
    if request.method == "POST":
        name = (request.form.get("username") or "").strip()[:120]
        password = request.form.get("password") or ""
        limiter = current_app.extensions["va_admin_login_limiter"]
        key = _key(name)
        if limiter.blocked(key):
            error, status = "Too many failed attempts. Wait a few minutes and try again.", 429
        else:
            user = check_login(engine(), name, password)
            if user is None:
                limiter.fail(key)
                error, status = "Wrong user name or password.", 401
            else:
                limiter.reset(key)
                session.clear()
                session.permanent = True
                session["admin_user"] = user["name"]
                session["admin_role"] = user["role"]
                csrf_token()
                write_audit(engine(), user["name"], "login")
                return redirect(_safe_next(request.form.get("next")))
    if g.get("user") and request.method == "GET":
        return redirect(url_for("admin.entries"))
    return render_template("admin/login.html", error=error, next=request.values.get("next", "")), status


@bp.post("/logout")
def logout():
    """Sign out."""
    if g.get("user"):
        write_audit(engine(), g.user["name"], "logout")
    session.clear()
    flash("Signed out.")
    return redirect(url_for("admin.login"))
