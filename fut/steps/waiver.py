"""Eftergift: the board waives the debt, wholly or partly (SoL (2025:400) 33 kap. 6 §; for
assistance granted before 1 July 2025, SoL (2001:453) 9 kap. 4 §), typically when the
client has no payment ability and none is expected to arise.

Opened when a follow-up item (missed installment, half-year review, court deadline) is
answered with "Eftergift föreslås"; decided by the decision maker by delegation (or chef).
Completing it records the decision, writes the decision letter (beslut_eftergift), and
enters the waived amount in the debt's ledger. A debt waived in whole (possible once the
case is in repayment) is settled: its case's flow run closes the case
(`automation.settle_repayment`). Beside the lifecycle."""

from __future__ import annotations

from pydantic import Field

from fut import audit
from fut.clock import today
from fut.enums import DebtStatus, DecisionKind
from fut.errors import Conflict, Invalid
from fut.lifecycle import Role, Stage
from fut.models import DebtWaiver, User, row_id
from fut.rules.installments import remaining
from fut.services import documents, workflow
from fut.services.debts import paid_amount, payment_count, require_debt
from fut.services.decisions import record_decision
from fut.services.ledger import waived_amount
from fut.steps import sections
from fut.steps.base import Done, HumanStep, StepPayload, ui
from fut.validation import Kronor, Text

NAME = "waiver"


class WaiverPayload(StepPayload):
    whole: bool = Field(
        title="Eftergift",
        json_schema_extra=ui(
            widget="radio",
            options={True: "Hela det som återstår av skulden", False: "En del av skulden"},
        ),
    )
    amount: Kronor = Field(
        default=0,
        title="Belopp som efterges",
        description="kronor waived; required when not the whole debt",
        json_schema_extra=ui(hint="Fyll i bara vid eftergift av en del av skulden."),
    )
    reason: Text = Field(
        min_length=1,
        max_length=2000,
        title="Skäl",
        json_schema_extra=ui(widget="textarea", hint="T.ex. varaktigt låg inkomst."),
    )
    motivation: Text = Field(
        min_length=1,
        max_length=5000,
        title="Motivering",
        json_schema_extra=ui(
            widget="textarea",
            hint="De omständigheter beslutet bygger på (förvaltningslagen 32 §).",
        ),
    )


def complete(done: Done, data: WaiverPayload) -> None:
    session = done.session
    debt = require_debt(session, done.case, lock=True)
    debt_id = row_id(debt)
    if debt.status != DebtStatus.OPEN:
        raise Conflict(f"the debt of case {done.case.case_number} is {debt.status} already")
    left = remaining(debt.amount, paid_amount(session, debt_id), waived_amount(session, debt_id))
    if left <= 0:
        raise Conflict(f"nothing is left to pay of the debt of case {done.case.case_number}")
    if not data.whole and data.amount <= 0:
        raise Invalid("give the amount waived when only part of the debt is", ("body", "amount"))
    amount = left if data.whole else data.amount
    if amount > left:
        raise Invalid(
            f"amount {amount} is more than what is left to pay, {left} kr", ("body", "amount")
        )
    whole = amount == left
    if whole and done.case.stage != Stage.REPAYMENT:
        # the case's flow run settles a waived debt from repayment only
        raise Conflict(
            f"case {done.case.case_number} is in {done.case.stage}: the whole debt can be "
            "waived once the case is in repayment"
        )
    decision = record_decision(
        done, DecisionKind.WAIVER, "whole" if whole else "partial", data.motivation
    )
    session.flush()
    user = session.get(User, done.actor.user_id) if done.actor.user_id else None
    # the letter first: it states the debt as it stood before the eftergift
    documents.produce(
        session,
        done.case,
        "beslut_eftergift",
        f"waiver-{row_id(done.item)}",
        done.actor,
        waiver={
            "whole": whole,
            "amount": amount,
            "reason": data.reason,
            "motivation": data.motivation,
            "decided_by": {
                "name": user.display_name if user else done.actor.username,
                "title": (user.title if user else "") or "Beslutsfattare",
            },
        },
    )
    waiver = DebtWaiver(
        debt_id=debt_id,
        amount=amount,
        waived_on=today(),
        decision_id=row_id(decision),
        created_by=done.actor.username,
    )
    session.add(waiver)
    session.flush()
    audit.record(
        session,
        done.actor,
        "debt_waived",
        case_id=done.case_id,
        entity="debt_waiver",
        entity_id=waiver.id,
        amount=amount,
        whole=whole,
    )
    if whole:
        debt.status = DebtStatus.WAIVED
        session.add(debt)
        # the case's flow run, waiting in repayment, settles the debt and closes the case
        key = workflow.repayment_wait_key(debt_id, payment_count(session, debt_id))
        workflow.enqueue_wake(session, done.case_id, key)


STEP = HumanStep(
    name=NAME,
    title="Eftergift av skulden",
    roles=(Role.BESLUTSFATTARE, Role.CHEF),
    payload=WaiverPayload,
    complete=complete,
    basis=lambda session, case: [sections.debt(session, case)],
)
