"""/statistics, "Statistik": the year's FUT statistics for supervisors (role chef only), as
a page and as the Excel workbook; the same figures as `GET /api/statistics`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.web.queue import antal
from api.web.render import env, page
from api.web.session import PageLogin
from api.web.units import unit_choices
from fut.clock import today
from fut.db import session_scope
from fut.errors import Forbidden
from fut.lifecycle import Role
from fut.rules.indicators import days_text, percent
from fut.services import statistics, statistics_excel
from fut.validation import Line

router = APIRouter(include_in_schema=False)

YEARS_OFFERED = 6
"""The year picker offers the current year and the five before it (any year from 2000 may
be typed into the address)."""

env.filters.setdefault("andel", percent)
env.filters.setdefault("dagar_median", days_text)
env.filters.setdefault("antal", antal)

Year = Annotated[int | None, Query()]
Unit = Annotated[Line | None, Query(max_length=100)]


def _chef(login: PageLogin) -> None:
    if Role.CHEF not in login.actor.roles:
        raise Forbidden("Statistiken visas bara för chefer.")


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request, login: PageLogin, year: Year = None, unit: Unit = None
) -> HTMLResponse:
    _chef(login)
    current = today().year
    chosen = year or current
    unit = unit or None
    with session_scope() as session:
        stats = statistics.year_statistics(session, login.actor, chosen, unit, form="page")
        units = unit_choices(session, login.actor)
    context = {
        "login": login,
        "nav": "statistics",
        "stats": stats,
        "years": [current - i for i in range(YEARS_OFFERED)],
        "units": units,
        "unit": unit or "",
        "unit_names": dict(units),
        "download": f"/statistics.xlsx?year={chosen}" + (f"&unit={unit}" if unit else ""),
    }
    return page(request, "statistics.html", context)


@router.get("/statistics.xlsx")
def statistics_workbook(login: PageLogin, year: Year = None, unit: Unit = None) -> Response:
    _chef(login)
    chosen = year or today().year
    with session_scope() as session:
        stats = statistics.year_statistics(session, login.actor, chosen, unit or None, form="xlsx")
    return Response(
        statistics_excel.workbook_bytes(stats),
        media_type=statistics_excel.CONTENT_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{statistics_excel.filename(chosen)}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
