"""The pages' Jinja2 environment: Swedish dates and amounts, names of stages and roles."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.web import labels
from api.web.messages import swedish
from fut.rules.swedish_format import format_date, format_kr, format_month
from fut.settings import get_settings

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def _local(value: datetime) -> datetime:
    return value.astimezone(ZoneInfo(get_settings().timezone))


def datum(value: date | datetime | str | None) -> str:
    """ "7 december 2026" (a timestamp in the municipality's time zone); "–" for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = _local(value).date()
    return format_date(value)


def datumtid(value: datetime | str | None) -> str:
    """ "7 december 2026 kl. 14.05" (Swedish clock time with a full stop)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = _local(value)
    return f"{format_date(local.date())} kl. {local:%H.%M}"


def kr(value: int | None) -> str:
    return "–" if value is None else format_kr(int(value))


def manad(value: str | date | None) -> str:
    return "–" if not value else format_month(value)


env = templates.env
env.filters.update(
    datum=datum,
    datumtid=datumtid,
    kr=kr,
    manad=manad,
    stage=labels.stage,
    role=labels.role,
    priority=labels.priority,
)
env.filters["sv"] = lambda message: swedish(message) or message
env.globals["has_any"] = lambda login, *roles: bool(login and login.actor.roles & set(roles))


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page; `context` has `login` (or None on the login page). Pages hold case
    data: no cache keeps them, no other site frames them, nothing but futflow's own files
    loads in them."""
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers.update(PAGE_HEADERS)
    return response


PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
