"""Who is logged in on a page, and the CSRF check on every form that changes something."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request

from fut.db import session_scope
from fut.web_sessions import Login, csrf_matches, resume

COOKIE = "futflow_session"


class LoginRequired(Exception):
    """Raised by a page whose visitor is not logged in: the answer is a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class CsrfRejected(Exception):
    """A form came without this session's CSRF token."""


def login_redirect_target(request: Request) -> str:
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    return "/login?next=" + quote(path, safe="")


def current_login(request: Request) -> Login:
    token = request.cookies.get(COOKIE, "")
    with session_scope() as session:
        login = resume(session, token)
    if login is None:
        raise LoginRequired(request.url.path)
    return login


PageLogin = Annotated[Login, Depends(current_login)]


def checked_login(login: PageLogin, csrf_token: Annotated[str, Form()] = "") -> Login:
    """The login of a form post, after its CSRF token was checked."""
    if not csrf_matches(login, csrf_token):
        raise CsrfRejected()
    return login


FormLogin = Annotated[Login, Depends(checked_login)]
"""Use on every POST page route: logged in, and the form carries the session's CSRF token."""
