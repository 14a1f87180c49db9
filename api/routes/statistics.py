"""The yearly FUT statistics for supervisors (role chef): JSON and an Excel workbook."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import CurrentActor
from fut.db import session_scope
from fut.schemas_statistics import YearStatistics
from fut.services import statistics, statistics_excel
from fut.validation import Line

router = APIRouter(prefix="/api", tags=["statistics"])

Year = Annotated[
    int,
    Query(
        description="the calendar year (Swedish time), from 2000 to the current year",
        examples=[2026],
    ),
]
Unit = Annotated[
    Line | None,
    Query(max_length=100, description="one unit's figures; default every unit you see"),
]


@router.get("/statistics", response_model=YearStatistics)
def read_statistics(actor: CurrentActor, year: Year, unit: Unit = None) -> YearStatistics:
    """The year's FUT statistics: reports by source and channel, investigations started and
    closed, case types, error types by how they were found, amounts, police reports and
    their outcomes, notifications to other authorities, median handling times and the start
    guarantee. Figures only, no personal data; a chef of some units sees those units."""
    with session_scope() as session:
        return statistics.year_statistics(session, actor, year, unit)


@router.get(
    "/statistics.xlsx",
    response_class=Response,
    responses={200: {"content": {statistics_excel.CONTENT_TYPE: {}}}},
)
def download_statistics(actor: CurrentActor, year: Year, unit: Unit = None) -> Response:
    """The same figures as an Excel workbook: a sheet per table, a chart of cases per month."""
    with session_scope() as session:
        stats = statistics.year_statistics(session, actor, year, unit, form="xlsx")
    return Response(
        statistics_excel.workbook_bytes(stats),
        media_type=statistics_excel.CONTENT_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{statistics_excel.filename(year)}"',
            "Cache-Control": "no-store",
        },
    )
