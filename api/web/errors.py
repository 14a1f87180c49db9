"""Errors on pages: a Swedish page with the reason, or the login page, never JSON."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.web.render import page

TITLES = {
    400: "Uppgifterna kunde inte tas emot",
    403: "Du har inte behörighet",
    404: "Sidan finns inte",
    409: "Det gick inte att genomföra",
    422: "Uppgifterna är inte giltiga",
    503: "Systemet är upptaget",
    500: "Ett fel uppstod",
}

EXPLANATIONS = {
    404: "Sidan eller ärendet finns inte, eller så hör det till en enhet du inte arbetar i.",
    403: "Din roll får inte göra detta.",
    409: "Ärendet har ändrats under tiden eller är redan hanterat. Ladda om sidan.",
    503: "Databasen svarar inte just nu. Försök igen om en stund.",
    500: "Felet är loggat. Försök igen eller kontakta systemförvaltaren.",
}


def is_page(request: Request) -> bool:
    """A request to the pages (not the JSON API, its docs or the health check)."""
    path = request.url.path
    return not (path.startswith("/api/") or path in {"/health", "/docs", "/redoc", "/openapi.json"})


def error_page(request: Request, status: int, reason: str = "") -> HTMLResponse:
    from api.web.session import COOKIE
    from fut.db import session_scope
    from fut.web_sessions import resume

    try:
        with session_scope() as session:
            login = resume(session, request.cookies.get(COOKIE, ""))
    except Exception:  # the database may be what failed
        login = None
    from api.web.messages import swedish

    context = {
        "login": login,
        "title": TITLES.get(status, TITLES[500]),
        "explanation": EXPLANATIONS.get(status, ""),
        "reason": (swedish(reason) or reason) if reason else "",
        "status": status,
    }
    return page(request, "error.html", context, status_code=status)


def to_login(request: Request) -> Response:
    from api.web.session import login_redirect_target

    return RedirectResponse(login_redirect_target(request), status_code=303)
