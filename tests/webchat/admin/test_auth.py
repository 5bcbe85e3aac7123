"""Accounts, sessions, CSRF, rate limit and permissions."""
from __future__ import annotations

import pytest

from tests.webchat.admin.workspace import PASSWORD, csrf, entry, form_for, login, post


@pytest.mark.parametrize("url", ["/admin/", "/admin/entries", "/admin/inbox", "/admin/analytics",
                                 "/admin/entries/visa-test-one/edit", "/admin/export?format=csv", "/admin/sites"])
def test_anonymous_is_redirected_to_login(app, url):
    resp = app.test_client().get(url)
    assert resp.status_code == 302
    assert "/admin/login" in resp.headers["Location"]


def test_login_sets_safe_session_cookie_and_logout(app):
    c = app.test_client()
    resp = login(c, "eddie")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/admin/entries")
    cookie = resp.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert c.get("/admin/entries").status_code == 200
    assert post(c, "/admin/logout").status_code == 302
    assert c.get("/admin/entries").status_code == 302


def test_secure_cookie_when_configured(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    resp = login(app.test_client(), "eddie")
    assert "Secure" in resp.headers.get("Set-Cookie", "")


def test_wrong_password_and_open_redirect(app):
    c = app.test_client()
    assert login(c, "eddie", "nope").status_code == 401
    assert login(c, "ghost", "nope").status_code == 401
    c.get("/admin/login")
    resp = c.post("/admin/login", data={"username": "eddie", "password": PASSWORD, "csrf_token": csrf(c),
                                        "next": "https://evil.example/"})
    assert resp.headers["Location"].endswith("/admin/entries")


def test_login_rate_limit(app):
    c = app.test_client()
    for _ in range(5):
        assert login(c, "eddie", "wrong-password").status_code == 401
    # even the right password is refused while the limit holds, for this user and client
    assert login(c, "eddie").status_code == 429
    # another user is not affected
    assert login(app.test_client(), "pat").status_code == 302


def test_missing_or_wrong_csrf_is_refused(editor, app):
    data = form_for(entry("visa-csrf-test"), is_new=True)
    assert editor.post("/admin/entries/save", data=data).status_code == 400
    data["csrf_token"] = "forged"
    assert editor.post("/admin/entries/save", data=data).status_code == 400
    # the login form needs it too
    c = app.test_client()
    assert c.post("/admin/login", data={"username": "eddie", "password": PASSWORD}).status_code == 400
    assert app.extensions["va_store"].get_entry("visa-csrf-test") is None


def test_editor_cannot_publish_or_roll_back(editor, app):
    assert post(editor, "/admin/entries/visa-test-one/publish", {"version": "1"}).status_code == 403
    assert post(editor, "/admin/entries/visa-test-one/rollback", {"to": "1", "version": "1"}).status_code == 403
    assert post(editor, "/admin/entries/visa-test-one/archive").status_code == 403
    assert post(editor, "/admin/sites/demo", {"name": "x"}).status_code == 403


def test_password_hash_is_scrypt(app):
    from webchat.admin.users import get_user

    user = get_user(app.extensions["va_store"].engine, "eddie")
    assert user["password_hash"].startswith("scrypt:") and PASSWORD not in user["password_hash"]


def test_audit_log_records_login(publisher):
    page = publisher.get("/admin/audit").get_data(as_text=True)
    assert "login" in page and "pat" in page
