"""The new kinds produced on demand through document_catalogue.produce_on_demand, against
PostgreSQL: what the case file gives is taken from it, what it lacks comes in the request."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from fut.db import session_scope
from fut.documents.readback import document_text
from fut.models import Document
from fut.services import document_catalogue
from fut.services.document_catalogue import DocumentRequest, Refused
from fut.settings import get_settings
from tests.integration.test_lifecycle import TOTAL
from tests.services.conftest import World
from tests.services.test_use_cases import run_automatic, to_decision_approval


def produce(world: World, case_id: int, user: str = "utredare", **request: object):
    with session_scope() as session:
        return document_catalogue.produce_on_demand(
            session, world.actors[user], case_id, DocumentRequest.model_validate(request)
        )


def text_of(world: World, document_id: int) -> str:
    document = world.read(lambda s: s.get(Document, document_id))
    return document_text((get_settings().documents_path / document.path).read_bytes())


def test_a_meeting_call_takes_day_time_and_place_from_the_request(world: World):
    case_id = world.report()
    out = produce(
        world,
        case_id,
        kind="kallelse_mote",
        meeting={"on": "2027-01-12", "time": "kl. 13.30", "place": "Storgatan 1"},
    )
    assert not isinstance(out, Refused), out
    text = text_of(world, out.id)
    assert "12 januari 2027" in text and "kl. 13.30" in text and "kontoutdrag" in text


def test_a_meeting_call_without_a_day_is_refused_and_names_the_field(world: World):
    case_id = world.report()
    out = produce(world, case_id, kind="kallelse_mote", meeting={"time": "kl. 9", "place": "Här"})
    assert isinstance(out, Refused)
    assert [e["loc"] for e in out.errors] == [["body", "meeting", "on"]]


def test_the_printed_report_comes_from_the_stored_report_alone(world: World):
    case_id = world.report()
    out = produce(world, case_id, kind="anmalan_fut")
    assert not isinstance(out, Refused), out
    text = text_of(world, out.id)
    assert "Anmälan om misstänkt felaktig utbetalning" in text and "Handlaggare" in text
    refused = produce(world, case_id, kind="anmalan_fut", report={"description": "annat"})
    assert isinstance(refused, Refused)
    assert refused.errors[0]["loc"] == ["body", "report"]


def test_the_note_that_the_client_left_assistance(world: World):
    case_id = world.report()
    out = produce(
        world,
        case_id,
        user="utredare",
        kind="underrattelse_lamnat_bistand",
        left_on="2026-11-30",
        reason="Klienten har fått arbete.",
        notified_by={"name": "Sara Exempel", "unit": "Ekonomiskt bistånd"},
    )
    assert not isinstance(out, Refused), out
    text = text_of(world, out.id)
    assert "30 november 2026" in text and "Skuld enligt beslut" not in text


def test_the_decision_basis_and_a_changed_plan_on_a_decided_debt(world: World):
    case_id = to_decision_approval(world)
    out = produce(world, case_id, kind="beslutsunderlag")
    assert not isinstance(out, Refused), out
    assert "Checklista för beslutsfattaren" in text_of(world, out.id)

    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)
    first_due = world.today + timedelta(days=30)
    world.complete(
        case_id,
        "repayment_plan",
        {
            "monthly_amount": 300,
            "first_due_date": first_due.isoformat(),
            "past_court_deadline_reason": "Klienten kan inte betala mer; planen prövas om.",
        },
        "ekonomi",
    )
    installments = -(-TOTAL // 1000)
    out = produce(
        world,
        case_id,
        kind="andrad_avbetalningsplan",
        reason="Du har fått arbete och kan betala mer.",
        plan={
            "monthly_amount": 1000,
            "installments": installments,
            "first_due_date": first_due.isoformat(),
        },
    )
    assert not isinstance(out, Refused), out
    text = text_of(world, out.id)
    assert "1 000 kr (tidigare 300 kr)" in text
    locked = produce(world, case_id, kind="andrad_avbetalningsplan", plan={"paid": 0})
    assert isinstance(locked, Refused)
    assert ["body", "plan", "paid"] in [e["loc"] for e in locked.errors]


def test_a_paid_notice_is_refused_while_the_debt_is_unpaid(world: World):
    case_id = to_decision_approval(world)
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)
    out = produce(world, case_id, kind="skuld_betald")
    assert isinstance(out, Refused)
    kinds = world.read(
        lambda s: [d.kind for d in s.exec(select(Document).where(Document.case_id == case_id))]
    )
    assert "skuld_betald" not in kinds
