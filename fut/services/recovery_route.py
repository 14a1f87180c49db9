"""The one recovery route a claim may take: the administrative court (SoL 33:5) or damages
in the criminal case, never both. (The court deadline's warning is a step of its own:
`fut/steps/court_deadline_warning.py`.)"""

from __future__ import annotations

from sqlmodel import Session

from fut import audit
from fut.auth import Actor
from fut.errors import Conflict, Forbidden
from fut.lifecycle import Role
from fut.models import Case, Debt
from fut.rules.court_deadline import RecoveryRoute, check_single_route
from fut.rules.errors import DoubleRecoveryClaim
from fut.services.debts import require_debt


def set_recovery_route(session: Session, actor: Actor, case: Case, route: str) -> Debt:
    """Record how the claim is pursued; a claim takes one route only (no double claims)."""
    if Role.UTREDARE not in actor.roles and Role.CHEF not in actor.roles:
        raise Forbidden("the recovery route is chosen by utredare or chef")
    debt = require_debt(session, case, lock=True)
    try:
        taken = [RecoveryRoute(debt.recovery_route)] if debt.recovery_route else []
        check_single_route(taken, RecoveryRoute(route))
    except DoubleRecoveryClaim as exc:
        raise Conflict(str(exc)) from None
    debt.recovery_route = route
    session.add(debt)
    audit.record(
        session,
        actor,
        "recovery_route_chosen",
        case_id=case.id,
        entity="debt",
        entity_id=debt.id,
        route=route,
    )
    return debt
