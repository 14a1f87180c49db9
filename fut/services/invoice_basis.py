"""The invoice basis (fakturaunderlag) as a file for the finance system: one row per debt
and period still to be invoiced, with the debtor, the payment reference (OCR), the amount
and the konteringssträng from the municipality's settings. CSV (semicolon-separated,
UTF-8 with BOM, as Swedish Excel reads it) and Excel (openpyxl).

For one case (`case_rows`): every installment still to be paid (a debt without a plan: one
row for what is left). For finance's monthly run (`month_rows`): the installments of every
open debt falling due in the given month, in the reader's units.

Only `ekonomi` reads them, and every read is audited per case: the files name the debtor.
Nothing of it reaches Prefect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func

from fut import audit
from fut.auth import Actor
from fut.enums import DebtStatus
from fut.errors import Forbidden, NotFound
from fut.lifecycle import Role, Stage
from fut.models import Case, Debt, DebtWaiver, InstallmentPlan, Payment, Person
from fut.municipality import get_municipality
from fut.rules.assistance_month import month_of
from fut.rules.deadlines import add_period
from fut.rules.identity_numbers import parse_identity_number
from fut.rules.installments import PlanTerms, open_installments, remaining, to_pay
from fut.services.cases import load_case

FINANCE_ROLES = frozenset({Role.EKONOMI})


@dataclass(frozen=True)
class InvoiceRow:
    diarienummer: str
    enhet: str
    galdenar: str
    personnummer: str
    adress: str
    ocr: str
    period: str
    forfallodag: date | None
    belopp: int
    konteringsstrang: str
    beslutad: date
    skuld: int
    betalt: int
    efterskankt: int
    kvar: int


HEADINGS = {
    "diarienummer": "Diarienummer",
    "enhet": "Enhet",
    "galdenar": "Gäldenär",
    "personnummer": "Personnummer",
    "adress": "Adress",
    "ocr": "OCR",
    "period": "Period",
    "forfallodag": "Förfallodag",
    "belopp": "Belopp (kr)",
    "konteringsstrang": "Konteringssträng",
    "beslutad": "Beslut om återkrav",
    "skuld": "Skuld (kr)",
    "betalt": "Betalt (kr)",
    "efterskankt": "Efterskänkt (kr)",
    "kvar": "Kvar att betala (kr)",
}


def _check_role(actor: Actor) -> None:
    if not actor.roles & FINANCE_ROLES:
        raise Forbidden("the invoice basis is read by ekonomi")


def _rows(
    case: Case,
    person: Person,
    debt: Debt,
    plan: InstallmentPlan | None,
    paid: int,
    waived: int,
    month: str | None = None,
) -> list[InvoiceRow]:
    payable = to_pay(debt.amount, waived)
    if plan is not None:
        terms = PlanTerms(
            plan.first_due_date, plan.monthly_amount, plan.installments, plan.paid_before
        )
        periods: list[tuple[date | None, int]] = list(open_installments(terms, payable, paid))
    else:
        left = remaining(debt.amount, paid, waived)
        periods = [(None, left)] if left else []
    accounting = get_municipality().finance.accounting_for(case.unit)
    out = []
    for due, amount in periods:
        period = month_of(due) if due else ""
        if month is not None and period != month:
            continue
        out.append(
            InvoiceRow(
                diarienummer=case.case_number,
                enhet=case.unit,
                galdenar=person.name,
                personnummer=parse_identity_number(person.identity_number).formatted,
                adress=person.address,
                ocr=str(getattr(debt, "ocr", None) or ""),
                period=period,
                forfallodag=due,
                belopp=amount,
                konteringsstrang=accounting,
                beslutad=debt.decided_on,
                skuld=debt.amount,
                betalt=paid,
                efterskankt=waived,
                kvar=remaining(debt.amount, paid, waived),
            )
        )
    return out


def _sums(session: Session, debt_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Paid and waived per debt, summed in the database."""
    paid = {
        debt_id: int(total)
        for debt_id, total in session.execute(
            sa_select(col(Payment.debt_id), func.sum(Payment.amount))
            .where(col(Payment.debt_id).in_(debt_ids))
            .group_by(col(Payment.debt_id))
        )
    }
    waived = {
        debt_id: int(total)
        for debt_id, total in session.execute(
            sa_select(col(DebtWaiver.debt_id), func.sum(DebtWaiver.amount))
            .where(col(DebtWaiver.debt_id).in_(debt_ids))
            .group_by(col(DebtWaiver.debt_id))
        )
    }
    return paid, waived


def case_rows(session: Session, actor: Actor, case_id: int) -> tuple[str, list[InvoiceRow]]:
    """The case number and the rows of one case's debt still to be invoiced."""
    _check_role(actor)
    case = load_case(session, actor, case_id)
    found = session.execute(
        sa_select(Debt, InstallmentPlan, Person)
        .join(InstallmentPlan, col(InstallmentPlan.debt_id) == Debt.id, isouter=True)
        .join(Person, col(Person.id) == case.person_id)
        .where(col(Debt.case_id) == case_id)
    ).first()
    if found is None:
        raise NotFound(f"case {case.case_number} has no decided debt")
    debt, plan, person = found
    paid, waived = _sums(session, [debt.id])
    rows = _rows(case, person, debt, plan, paid.get(debt.id, 0), waived.get(debt.id, 0))
    audit.record(
        session,
        actor,
        "invoice_basis_read",
        case_id=case_id,
        entity="debt",
        entity_id=debt.id,
        rows=len(rows),
    )
    return case.case_number, rows


def month_rows(session: Session, actor: Actor, day: date) -> list[InvoiceRow]:
    """Every open debt's installments due in the month of `day`, in the reader's units."""
    _check_role(actor)
    stmt = (
        sa_select(Case, Person, Debt, InstallmentPlan)
        .join(Person, col(Person.id) == Case.person_id)
        .join(Debt, col(Debt.case_id) == Case.id)
        .join(InstallmentPlan, col(InstallmentPlan.debt_id) == Debt.id)
        .where(col(Debt.status) == DebtStatus.OPEN, col(Case.stage) == Stage.REPAYMENT)
        .where(col(InstallmentPlan.first_due_date) < add_period(day.replace(day=1), months=1))
        .order_by(col(Case.case_number))
    )
    if actor.units:
        stmt = stmt.where(col(Case.unit).in_(sorted(actor.units)))
    found = [tuple(row) for row in session.execute(stmt)]
    paid, waived = _sums(session, [d.id for _, _, d, _ in found if d.id is not None])
    month = month_of(day)
    rows: list[InvoiceRow] = []
    for case, person, debt, plan in found:
        debt_rows = _rows(
            case, person, debt, plan, paid.get(debt.id, 0), waived.get(debt.id, 0), month
        )
        if debt_rows:
            rows.extend(debt_rows)
            audit.record(
                session,
                actor,
                "invoice_basis_read",
                case_id=case.id,
                entity="debt",
                entity_id=debt.id,
                month=month,
                rows=len(debt_rows),
            )
    return rows


def _cells(row: InvoiceRow) -> list[object]:
    return list(astuple(row))


def to_csv(rows: Iterable[InvoiceRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([HEADINGS[f.name] for f in fields(InvoiceRow)])
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in _cells(row)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[InvoiceRow], title: str = "Fakturaunderlag") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([HEADINGS[f.name] for f in fields(InvoiceRow)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    for column, name in enumerate(HEADINGS.values(), start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(12, len(name) + 2)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
