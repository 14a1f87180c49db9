"""Logging in to the pages: password, session cookie, CSRF, the lock after five tries."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from fut.db import session_scope
from fut.models import AuditEvent
from tests.web.conftest import PASSWORD, log_in


def test_start_page_sends_a_visitor_to_the_login_page(app):
    with TestClient(app) as anonymous:
        response = anonymous.get("/inbox", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Finbox"


def test_login_sets_an_httponly_lax_cookie_and_logout_ends_the_session(app, clock):
    browser = log_in(app, "utredare")
    cookie = browser.cookies.jar
    raw = next(c for c in cookie if c.name == "futflow_session")
    assert raw.has_nonstandard_attr("HttpOnly")
    assert browser.get("/inbox").status_code == 200
    out = browser.form("/logout", {})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    browser.cookies.set("futflow_session", raw.value)  # the old cookie no longer opens pages
    assert browser.get("/inbox", follow_redirects=False).status_code == 303


def test_a_form_without_the_csrf_token_changes_nothing(app, clock):
    browser = log_in(app, "utredare")
    response = browser.post("/logout", data={}, follow_redirects=False)
    assert response.status_code == 403
    assert "säkerhetskod" in response.text
    assert browser.get("/inbox").status_code == 200  # still logged in


def test_wrong_password_is_refused_in_swedish_and_audited(app, clock):
    with TestClient(app) as anonymous:
        response = anonymous.post("/login", data={"username": "ekonomi", "password": "fel"})
    assert response.status_code == 401
    assert "Fel användarnamn eller lösenord" in response.text
    with session_scope() as session:
        failed = session.exec(
            select(AuditEvent).where(
                AuditEvent.actor == "ekonomi", AuditEvent.action == "login_failed"
            )
        ).all()
    assert failed


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(app, clock, monkeypatch):
    import fut.passwords
    from fut.clock import now

    def minutes_later(minutes: int) -> None:
        monkeypatch.setattr(fut.passwords, "utcnow", lambda: now() + timedelta(minutes=minutes))

    with TestClient(app) as anonymous:
        for _ in range(5):
            anonymous.post("/login", data={"username": "utredare2", "password": "fel lösenord"})
        locked = anonymous.post("/login", data={"username": "utredare2", "password": PASSWORD})
        assert locked.status_code == 401 and "låst" in locked.text
        minutes_later(14)
        still = anonymous.post("/login", data={"username": "utredare2", "password": PASSWORD})
        assert still.status_code == 401
        minutes_later(16)
        opened = anonymous.post(
            "/login",
            data={"username": "utredare2", "password": PASSWORD},
            follow_redirects=False,
        )
        assert opened.status_code == 303
    with session_scope() as session:
        actions = [
            e.action
            for e in session.exec(select(AuditEvent).where(AuditEvent.actor == "utredare2"))
        ]
    assert actions.count("login_failed") == 5
    assert "account_locked" in actions and "login_refused_locked" in actions
    assert actions[-1] == "login"


def test_login_redirects_only_within_the_site(app, clock):
    with TestClient(app) as anonymous:
        response = anonymous.post(
            "/login",
            data={"username": "chef", "password": PASSWORD, "next": "//evil.example/x"},
            follow_redirects=False,
        )
    assert response.headers["location"] == "/inbox"


def test_pages_are_not_cached_framed_or_loading_anything_from_elsewhere(app, clock):
    browser = log_in(app, "utredare")
    for path in ("/login", "/inbox", "/cases/new"):
        headers = browser.get(path).headers
        assert headers["cache-control"] == "no-store", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "default-src 'self'" in headers["content-security-policy"], path
