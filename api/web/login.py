"""/login, /logout and the start page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.web.render import page
from api.web.session import COOKIE, FormLogin
from fut import passwords, web_sessions
from fut.db import session_scope
from fut.passwords import Refused
from fut.settings import get_settings

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a path of this site (never `//host` or a URL): no open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/inbox"


@router.get("/", response_class=HTMLResponse)
def start(request: Request) -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/inbox") -> Response:
    return page(request, "login.html", {"login": None, "next": _safe_next(next), "username": ""})


@router.post("/login", response_class=HTMLResponse)
def log_in(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/inbox",
) -> Response:
    with session_scope() as session:
        outcome = passwords.log_in(session, username.strip(), password)
        token = None if isinstance(outcome, Refused) else web_sessions.start(session, outcome)
    if isinstance(outcome, Refused) or token is None:
        context = {
            "login": None,
            "next": _safe_next(next),
            "username": username,
            "error": outcome.message if isinstance(outcome, Refused) else "",
        }
        return page(request, "login.html", context, status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(web_sessions.LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https" or get_settings().cookie_secure,
        path="/",
    )
    return response


@router.post("/logout")
def log_out(request: Request, login: FormLogin) -> Response:
    with session_scope() as session:
        web_sessions.end(session, request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
