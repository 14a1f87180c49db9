"""The account of a debt: decided, paid, waived (eftergift) and what is left, row by row.

One place computes it, for the API (`debt.ledger`), the case page and the finance files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, func, select

from fut.models import Debt, DebtWaiver, Payment
from fut.rules.installments import remaining
from fut.schemas import LedgerOut, LedgerRowOut


def waivers(session: Session, debt_id: int) -> list[DebtWaiver]:
    stmt = (
        select(DebtWaiver)
        .where(DebtWaiver.debt_id == debt_id)
        .order_by(col(DebtWaiver.waived_on), col(DebtWaiver.id))
    )
    return list(session.exec(stmt))


def waived_amount(session: Session, debt_id: int) -> int:
    stmt = select(func.coalesce(func.sum(DebtWaiver.amount), 0)).where(
        DebtWaiver.debt_id == debt_id
    )
    return int(session.exec(stmt).one())


def ledger_of(debt: Debt, payments: Sequence[Payment], waived: Sequence[DebtWaiver]) -> LedgerOut:
    """The ledger from the debt's rows: the decision first, then payments and eftergifter by
    date (a payment before an eftergift on the same day)."""
    events: list[tuple[date, int, int, LedgerRowOut]] = []
    for p in payments:
        row = LedgerRowOut(
            on=p.paid_on,
            kind="payment",
            text="Inbetalning",
            amount=p.amount,
            balance=0,
            reference=p.reference,
        )
        events.append((p.paid_on, 0, p.id or 0, row))
    for w in waived:
        row = LedgerRowOut(
            on=w.waived_on,
            kind="waiver",
            text="Eftergift",
            amount=w.amount,
            balance=0,
            reference=f"beslut {w.decision_id}",
        )
        events.append((w.waived_on, 1, w.id or 0, row))
    rows = [
        LedgerRowOut(
            on=debt.decided_on,
            kind="decided",
            text="Beslut om återkrav",
            amount=debt.amount,
            balance=debt.amount,
        )
    ]
    paid = waived_total = 0
    for _, _, _, row in sorted(events, key=lambda e: e[:3]):
        if row.kind == "payment":
            paid += row.amount
        else:
            waived_total += row.amount
        rows.append(row.model_copy(update={"balance": remaining(debt.amount, paid, waived_total)}))
    return LedgerOut(
        decided=debt.amount,
        paid=paid,
        waived=waived_total,
        remaining=remaining(debt.amount, paid, waived_total),
        overpaid=max(paid + waived_total - debt.amount, 0),
        rows=rows,
    )
