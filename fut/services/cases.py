"""Registering incoming reports as cases, and reading a case (both audited)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fut import audit
from fut.auth import Actor
from fut.clock import today
from fut.errors import Forbidden, Invalid, NotFound
from fut.lifecycle import Role, Stage
from fut.models import (
    Case,
    CaseMember,
    CaseNumberSequence,
    IncomingReport,
    Person,
    StageHistory,
    row_id,
)
from fut.rules.classification import start_guarantee
from fut.rules.identity_numbers import parse_identity_number
from fut.schemas import CaseCreated, PersonIn, ReportCreate
from fut.services import workflow

REGISTER_ROLES = {Role.HANDLAGGARE, Role.UTREDARE, Role.CHEF}


def next_case_number(session: Session, year: int) -> str:
    stmt = select(CaseNumberSequence).where(CaseNumberSequence.year == year).with_for_update()
    seq = session.exec(stmt).first()
    if seq is None:
        seq = CaseNumberSequence(year=year, last=0)
        session.add(seq)
    seq.last += 1
    session.flush()
    return f"FUT-{year}-{seq.last:05d}"


def _person(session: Session, data: PersonIn) -> Person:
    person = session.exec(select(Person).where(Person.identity_number == data.personnummer)).first()
    kind = parse_identity_number(data.personnummer).kind
    if person is None:
        person = Person(
            identity_number=data.personnummer,
            identity_kind=kind,
            name=data.name,
            address=data.address,
        )
    else:
        person.name = data.name
        person.address = data.address or person.address
    session.add(person)
    session.flush()
    return person


def register_case(session: Session, actor: Actor, data: ReportCreate) -> CaseCreated:
    """File a FUT report: a new case at triage, its work item, and a flow run to start."""
    if not actor.roles & REGISTER_ROLES:
        raise Forbidden("only handlaggare, utredare or chef may register a report")
    if not actor.sees_unit(data.unit):
        raise Forbidden(f"you do not work in unit {data.unit!r}")
    if data.received_on > today():
        raise Invalid("received_on is in the future", ("body", "received_on"))
    person = _person(session, data.person)
    case = Case(
        case_number=next_case_number(session, today().year),
        unit=data.unit,
        stage=Stage.REGISTERED,
        person_id=person.id,  # type: ignore[arg-type]
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    session.add(
        StageHistory(
            case_id=case.id,
            to_stage=Stage.REGISTERED,
            actor=actor.username,
            reason="Anmälan registrerad",
        )
    )
    for member in data.household:
        session.add(
            CaseMember(
                case_id=case.id,
                person_id=row_id(_person(session, member)),
                relation=member.relation,
            )
        )
    report = data.model_dump(exclude={"person", "household", "unit"})
    session.add(IncomingReport(case_id=case.id, registered_by=actor.require_user_id(), **report))
    audit.record(session, actor, "case_registered", case_id=case.id)
    workflow.move(
        session,
        case,
        Stage.TRIAGE,
        actor,
        "Anmälan inkommen för förhandsbedömning",
        due_on=start_guarantee(data.received_on),
    )
    workflow.enqueue_start(session, case.id)
    return CaseCreated(id=case.id, case_number=case.case_number, stage=case.stage)


def load_case(session: Session, actor: Actor, case_id: int, *, for_update: bool = False) -> Case:
    stmt = select(Case).where(Case.id == case_id)
    if for_update:
        stmt = stmt.with_for_update()
    case = session.exec(stmt).first()
    if case is None or not actor.sees_unit(case.unit):
        raise NotFound(f"no case {case_id}")
    return case


def history(session: Session, case_id: int) -> list[StageHistory]:
    stmt = (
        select(StageHistory).where(StageHistory.case_id == case_id).order_by(col(StageHistory.id))
    )
    return list(session.exec(stmt))
