"""The invoice basis as files for the finance system (role ekonomi): one case's, or every
installment due in a month. CSV and Excel."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CurrentActor, Id
from fut.clock import today
from fut.db import session_scope
from fut.rules.assistance_month import month_of
from fut.services import invoice_basis

router = APIRouter(tags=["finance"])

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Day = Annotated[
    date | None,
    Query(alias="date", description="a day of the month whose installments to list (today)"),
]


def _file(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/api/cases/{case_id}/invoice-basis.csv", response_class=Response)
def case_invoice_basis_csv(case_id: Id, actor: CurrentActor) -> Response:
    """The case's invoice basis: every installment still to be paid (ekonomi)."""
    with session_scope() as session:
        number, rows = invoice_basis.case_rows(session, actor, case_id)
    return _file(invoice_basis.to_csv(rows), CSV, f"fakturaunderlag-{number}.csv")


@router.get("/api/cases/{case_id}/invoice-basis.xlsx", response_class=Response)
def case_invoice_basis_xlsx(case_id: Id, actor: CurrentActor) -> Response:
    with session_scope() as session:
        number, rows = invoice_basis.case_rows(session, actor, case_id)
    return _file(invoice_basis.to_xlsx(rows), XLSX, f"fakturaunderlag-{number}.xlsx")


@router.get("/api/finance/invoice-basis.csv", response_class=Response)
def month_invoice_basis_csv(actor: CurrentActor, day: Day = None) -> Response:
    """Every open debt's installments due in the month of `date`, in the reader's units."""
    on = day or today()
    with session_scope() as session:
        rows = invoice_basis.month_rows(session, actor, on)
    return _file(invoice_basis.to_csv(rows), CSV, f"fakturaunderlag-{month_of(on)}.csv")


@router.get("/api/finance/invoice-basis.xlsx", response_class=Response)
def month_invoice_basis_xlsx(actor: CurrentActor, day: Day = None) -> Response:
    on = day or today()
    with session_scope() as session:
        rows = invoice_basis.month_rows(session, actor, on)
    return _file(invoice_basis.to_xlsx(rows), XLSX, f"fakturaunderlag-{month_of(on)}.xlsx")
