"""The statistics' figures from beyond the lifecycle's stages: the amounts decided, repaid
and outstanding, the police reports' outcomes as the case file shows them, and the
notifications to other authorities (see `fut.services.statistics` for the definitions)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, select
from sqlmodel import Session, col, func

from fut.lifecycle import Stage
from fut.models import Case, Debt, DebtWaiver, Document, Payment, StageHistory
from fut.schemas_statistics import Amounts, Count, Notifications, PoliceReports
from fut.services.statistics_sql import Only, YearWindow, in_year

NOTIFICATION_KIND = "underrattelse_annan_myndighet"
REVIEW_KIND = "begaran_overprovning"
CLOSED_FU_KIND = "information_nedlagd_fu"
POLICE_OUTCOMES = {
    "review_requested": "Förundersökningen lades ned; överprövning begärd",
    "investigation_closed": "Förundersökningen lades ned; klienten informerad",
    "not_registered": "Inget utfall registrerat",
}


def amounts(session: Session, only: Only, window: YearWindow, through: date) -> Amounts:
    decided_on = col(Debt.decided_on)
    decided, debts = session.exec(
        only(
            select(func.coalesce(func.sum(Debt.amount), 0), func.count(col(Debt.id)))
            .join(Case, col(Case.id) == Debt.case_id)
            .where(decided_on >= window.first_day, decided_on <= window.last_day)
        )
    ).one()
    paid_on = col(Payment.paid_on)
    (repaid,) = session.exec(
        only(
            select(func.coalesce(func.sum(Payment.amount), 0))
            .join(Debt, col(Debt.id) == Payment.debt_id)
            .join(Case, col(Case.id) == Debt.case_id)
            .where(paid_on >= window.first_day, paid_on <= window.last_day)
        )
    ).one()
    paid = (
        select(col(Payment.debt_id).label("debt_id"), func.sum(Payment.amount).label("paid"))
        .where(paid_on <= through)
        .group_by(col(Payment.debt_id))
        .subquery()
    )
    waived_on = col(DebtWaiver.waived_on)
    (waived,) = session.exec(
        only(
            select(func.coalesce(func.sum(DebtWaiver.amount), 0))
            .join(Debt, col(Debt.id) == DebtWaiver.debt_id)
            .join(Case, col(Case.id) == Debt.case_id)
            .where(waived_on >= window.first_day, waived_on <= window.last_day)
        )
    ).one()
    waivers = (
        select(
            col(DebtWaiver.debt_id).label("debt_id"), func.sum(DebtWaiver.amount).label("waived")
        )
        .where(waived_on <= through)
        .group_by(col(DebtWaiver.debt_id))
        .subquery()
    )
    left = col(Debt.amount) - func.coalesce(paid.c.paid, 0) - func.coalesce(waivers.c.waived, 0)
    (outstanding,) = session.exec(
        only(
            select(func.coalesce(func.sum(case((left > 0, left), else_=0)), 0))
            .select_from(Debt)
            .join(Case, col(Case.id) == Debt.case_id)
            .join(paid, paid.c.debt_id == Debt.id, isouter=True)
            .join(waivers, waivers.c.debt_id == Debt.id, isouter=True)
            .where(decided_on <= through)
        )
    ).one()
    return Amounts(
        decided=int(decided),
        decided_debts=int(debts),
        repaid=int(repaid),
        waived=int(waived),
        outstanding=int(outstanding),
    )


def police_reports(session: Session, only: Only, window: YearWindow) -> PoliceReports:
    kind = col(Document.kind)
    aftermath = (
        select(
            col(Document.case_id).label("case_id"),
            func.max(case((kind == REVIEW_KIND, 1), else_=0)).label("review"),
            func.max(case((kind == CLOSED_FU_KIND, 1), else_=0)).label("closed"),
        )
        .where(kind.in_([REVIEW_KIND, CLOSED_FU_KIND]))
        .group_by(col(Document.case_id))
        .subquery()
    )
    total, review, closed = session.exec(
        only(
            select(
                func.count(),
                func.count(case((aftermath.c.review == 1, 1))),
                func.count(case((and_(aftermath.c.review == 0, aftermath.c.closed == 1), 1))),
            )
            .select_from(StageHistory)
            .join(Case, col(Case.id) == StageHistory.case_id)
            .join(aftermath, aftermath.c.case_id == StageHistory.case_id, isouter=True)
            .where(
                col(StageHistory.to_stage) == Stage.POLICE_REPORT,
                in_year(col(StageHistory.at), window),
            )
        )
    ).one()
    counts = {
        "review_requested": review,
        "investigation_closed": closed,
        "not_registered": total - review - closed,
    }
    return PoliceReports(
        total=total,
        outcomes=[Count(key=k, label=POLICE_OUTCOMES[k], count=n) for k, n in counts.items()],
    )


def notifications(session: Session, only: Only, window: YearWindow) -> Notifications:
    total, cases = session.exec(
        only(
            select(func.count(), func.count(func.distinct(col(Document.case_id))))
            .join(Case, col(Case.id) == Document.case_id)
            .where(
                col(Document.kind) == NOTIFICATION_KIND,
                in_year(col(Document.created_at), window),
            )
        )
    ).one()
    return Notifications(total=total, cases=cases)
