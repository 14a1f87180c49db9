"""/inbox, "Mina ärenden" (to be filled: claimed items, claimable items, filters)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.render import page
from api.web.session import PageLogin

router = APIRouter(include_in_schema=False)


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, login: PageLogin) -> HTMLResponse:
    return page(request, "inbox.html", {"login": login, "nav": "inbox"})
