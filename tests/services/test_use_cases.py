"""The use cases a person or a timer sets off, straight against PostgreSQL (no Prefect):
completing a step, firing the timers, the automatic stages, registering a payment."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from fut.db import session_scope
from fut.documents.readback import document_text
from fut.enums import DebtStatus, DecisionKind, DecisionStatus, RecoveryOutcome, WorkStatus
from fut.errors import Forbidden
from fut.lifecycle import AUTOMATIC_STAGES, Stage
from fut.models import Case, Debt, Document, Outbox, StageHistory, Timer, WorkItem
from fut.schemas import PaymentIn
from fut.services import automation, case_view, payments, timers, work_items
from fut.services.decisions import latest_decision
from fut.settings import get_settings
from tests.integration.test_lifecycle import INVESTIGATION, TOTAL
from tests.services.conftest import World

TRIAGE = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Stort belopp"}


def stage_of(world: World, case_id: int) -> str:
    return world.read(lambda s: s.get(Case, case_id).stage)


def run_automatic(world: World, case_id: int) -> str:
    """What the case's flow run would do: carry out automatic stages until a wait."""
    stage = stage_of(world, case_id)
    while stage in AUTOMATIC_STAGES:
        stage = automation.run_automatic_stage(case_id, stage)
    return stage


def documents(world: World, case_id: int, kind: str) -> list[Document]:
    return world.read(
        lambda s: list(
            s.exec(select(Document).where(Document.case_id == case_id, Document.kind == kind))
        )
    )


def to_client_reply(world: World, investigation: dict[str, Any] = INVESTIGATION) -> int:
    """A case investigated and communicated: it waits for the client's reply."""
    case_id = world.report()
    world.complete(case_id, "triage", TRIAGE, "utredare")
    world.complete(case_id, "investigation", investigation, "utredare")
    assert run_automatic(world, case_id) == Stage.CLIENT_REPLY
    return case_id


def to_decision_approval(
    world: World, proposer: str = "utredare", investigation: dict[str, Any] = INVESTIGATION
) -> int:
    case_id = to_client_reply(world, investigation)
    world.complete(case_id, "client_reply", {"replied": False}, "utredare")
    world.complete(case_id, "intent", {"assessment": "none", "motivation": "Misstag"}, "utredare")
    world.complete(
        case_id, "decision_proposal", {"recover": True, "motivation": "Felaktigt"}, proposer
    )
    return case_id


def test_triage_finding_nothing_writes_the_decision_and_closes_the_case(world: World):
    case_id = world.report()
    world.complete(case_id, "triage", {**TRIAGE, "outcome": "no_action"}, "utredare")
    assert stage_of(world, case_id) == Stage.CLOSING_NO_ACTION
    assert run_automatic(world, case_id) == Stage.CLOSED
    assert len(documents(world, case_id, "beslut_ingen_atgard")) == 1
    # the flow run replayed after a crash finds the stage done and writes nothing twice
    assert automation.run_automatic_stage(case_id, Stage.CLOSING_NO_ACTION) == Stage.CLOSED
    assert len(documents(world, case_id, "beslut_ingen_atgard")) == 1


def test_proposer_may_neither_claim_nor_approve_their_own_proposal(world: World):
    # dubbelroll is both utredare and beslutsfattare: the roles allow it, four-eyes does not
    case_id = to_decision_approval(world, proposer="dubbelroll")
    item = world.open_item(case_id, "decision_approval")
    with pytest.raises(Forbidden, match="other than its proposer"), session_scope() as session:
        work_items.claim(session, world.actors["dubbelroll"], item.id)
    with pytest.raises(Forbidden, match="other than its proposer"):
        world.complete(case_id, "decision_approval", {"approve": True}, "dubbelroll")
    proposal = world.read(lambda s: latest_decision(s, case_id, DecisionKind.RECOVERY))
    assert proposal.status == DecisionStatus.PROPOSED


def test_decision_maker_approves_and_the_debt_is_decided(world: World):
    case_id = to_decision_approval(world)
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    decision = world.read(lambda s: latest_decision(s, case_id, DecisionKind.RECOVERY))
    assert (decision.status, decision.outcome) == (DecisionStatus.DECIDED, RecoveryOutcome.RECOVER)
    assert run_automatic(world, case_id) == Stage.REPAYMENT_PLAN
    debt = world.read(lambda s: s.exec(select(Debt).where(Debt.case_id == case_id)).one())
    assert debt.amount == TOTAL and debt.status == DebtStatus.OPEN
    assert len(documents(world, case_id, "beslut_aterkrav")) == 1
    # the decision maker had the basis from the proposal on: one, written when it was proposed
    (basis,) = documents(world, case_id, "beslutsunderlag")
    text = document_text((get_settings().documents_path / basis.path).read_bytes())
    assert "Utredaren föreslår att socialnämnden kräver tillbaka" in text
    assert "Checklista för beslutsfattaren" in text and "Ingen polisanmälan föreslås" in text


def test_returned_proposal_goes_back_to_the_investigator(world: World):
    case_id = to_decision_approval(world)
    world.complete(
        case_id, "decision_approval", {"approve": False, "comment": "Komplettera"}, "chef"
    )
    assert stage_of(world, case_id) == Stage.DECISION_PROPOSAL
    proposal = world.read(lambda s: latest_decision(s, case_id, DecisionKind.RECOVERY))
    assert proposal.status == DecisionStatus.RETURNED


def test_reply_deadline_passes_and_the_case_moves_to_intent_by_itself(world: World, clock):
    case_id = to_client_reply(world)
    item = world.open_item(case_id, "client_reply")
    assert timers.fire_due_timers() == 0  # not yet: the reply date lies ahead
    clock.set(item.due_at.date() + timedelta(days=1))
    assert timers.fire_due_timers() == 1
    assert stage_of(world, case_id) == Stage.INTENT
    done = world.read(lambda s: s.get(WorkItem, item.id))
    assert done.status == WorkStatus.DONE and done.completed_by == "system"
    reasons = world.read(
        lambda s: [
            h.reason for h in s.exec(select(StageHistory).where(StageHistory.case_id == case_id))
        ]
    )
    assert "Svarstiden gick ut utan svar" in reasons
    wakes = world.read(lambda s: list(s.exec(select(Outbox).where(Outbox.case_id == case_id))))
    assert f"item-{item.id}" in {w.wait_key for w in wakes}


def test_reply_given_before_the_deadline_leaves_the_timer_nothing_to_do(world: World, clock):
    case_id = to_client_reply(world)
    item = world.open_item(case_id, "client_reply")
    world.complete(case_id, "client_reply", {"replied": True, "summary": "Bestrider"}, "utredare")
    clock.set(item.due_at.date() + timedelta(days=1))
    timers.fire_due_timers()
    history = world.read(
        lambda s: [
            h.to_stage for h in s.exec(select(StageHistory).where(StageHistory.case_id == case_id))
        ]
    )
    assert history.count(Stage.INTENT) == 1


def test_court_deadline_warning_opens_a_work_item_when_its_day_comes(world: World, clock):
    case_id = world.report()
    world.complete(case_id, "triage", TRIAGE, "utredare")
    world.complete(case_id, "investigation", INVESTIGATION, "utredare")
    timer = world.read(
        lambda s: s.exec(
            select(Timer)
            .where(Timer.case_id == case_id, Timer.kind == "court_deadline_warning")
            .order_by(col(Timer.fire_at))
        ).first()  # the earliest month's deadline comes first
    )
    clock.set(timer.fire_at.date() + timedelta(days=1))
    timers.fire_due_timers()
    warning = world.open_item(case_id, "court_deadline_warning")
    assert warning.due_at is not None
    assert stage_of(world, case_id) != Stage.CLOSED  # beside the lifecycle: nothing moved


def test_payment_wakes_the_waiting_case_and_the_paid_debt_closes_it(world: World):
    case_id = to_decision_approval(world)
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)
    first_due = (world.today + timedelta(days=30)).isoformat()
    world.complete(
        case_id,
        "repayment_plan",
        {"monthly_amount": 3000, "first_due_date": first_due},
        "ekonomi",
    )
    assert automation.settle_repayment(case_id) is False  # nothing paid yet
    with session_scope() as session:
        payments.register_payment(
            session,
            world.actors["ekonomi"],
            case_id,
            PaymentIn(amount=TOTAL, paid_on=world.today, reference="OCR"),
        )
    wakes = world.read(
        lambda s: [w.wait_key for w in s.exec(select(Outbox).where(Outbox.case_id == case_id))]
    )
    assert any(key and key.startswith("repay-") for key in wakes)
    assert automation.settle_repayment(case_id) is True
    assert stage_of(world, case_id) == Stage.CLOSED
    debt = world.read(lambda s: s.exec(select(Debt).where(Debt.case_id == case_id)).one())
    assert debt.status == DebtStatus.PAID
    (notice,) = documents(world, case_id, "skuld_betald")
    text = document_text((get_settings().documents_path / notice.path).read_bytes())
    assert "Din skuld är betald" in text and "slutreglerad" in text
    # a replayed flow run finds the case closed and writes no second notice
    assert automation.settle_repayment(case_id) is False
    assert len(documents(world, case_id, "skuld_betald")) == 1


def test_handlaggare_cannot_register_a_payment(world: World):
    case_id = world.report()
    with pytest.raises(Forbidden), session_scope() as session:
        payments.register_payment(
            session, world.actors["handlaggare"], case_id, PaymentIn(amount=10, paid_on=world.today)
        )


def test_a_document_rolled_back_with_its_transaction_leaves_no_file(world: World):
    case_id = world.report()
    world.complete(case_id, "triage", {**TRIAGE, "outcome": "no_action"}, "utredare")
    store = get_settings().documents_path
    before = {p for p in store.rglob("*")} if store.exists() else set()

    class Abort(Exception):
        pass

    from fut.steps.closing_no_action import carry_out

    with pytest.raises(Abort), session_scope() as session:
        case = session.get(Case, case_id)
        carry_out(session, case, "rolled-back")
        written = [p for p in store.rglob("*") if p not in before and p.is_file()]
        assert written, "the document was rendered inside the transaction"
        raise Abort
    after = {p for p in store.rglob("*") if p.is_file()} if store.exists() else set()
    assert after <= before, f"orphans: {sorted(map(Path.as_posix, after - before))}"
    assert documents(world, case_id, "beslut_ingen_atgard") == []
    assert stage_of(world, case_id) == Stage.CLOSING_NO_ACTION


def test_a_committed_document_is_in_place_and_read_only(world: World):
    case_id = world.report()
    world.complete(case_id, "triage", {**TRIAGE, "outcome": "no_action"}, "utredare")
    run_automatic(world, case_id)
    (doc,) = documents(world, case_id, "beslut_ingen_atgard")
    path = get_settings().documents_path / doc.path
    assert path.is_file() and not path.with_name(path.name + ".pending").exists()
    assert path.stat().st_mode & 0o222 == 0


def test_triage_task_still_reads_when_the_clock_is_moved_before_the_reported_period(
    world: World, clock
):
    case_id = world.report()
    clock.set(date(2025, 4, 1))  # FUT_TODAY moved back on a running instance
    item = world.open_item(case_id, "triage")
    with session_scope() as session:
        task = work_items.get_task(session, world.actors["utredare"], item.id)
        case = case_view.read_case(session, world.actors["utredare"], case_id)
    assert task["proposal"]["case_type"] is None
    assert "Inget förslag" in task["proposal"]["case_type_reason"]
    assert case.stage == Stage.TRIAGE
    world.complete(case_id, "triage", TRIAGE, "utredare")
    assert stage_of(world, case_id) == Stage.INVESTIGATION


def test_triage_that_departs_from_the_proposal_records_how_in_swedish(world):
    """The rules propose normal priority for the example report; high is recorded with the
    departure, in the words the decision maker reads."""
    case_id = world.report()
    world.complete(case_id, "triage", TRIAGE, "utredare")
    decision = world.read(lambda s: latest_decision(s, case_id, DecisionKind.TRIAGE))
    assert "Avviker från förslaget: prioritet normal → hög" in decision.motivation
