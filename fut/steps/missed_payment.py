"""An installment was missed: the daily follow-up opens this item (with the reminder letter)
a number of days after the due date (`follow_up.reminder_days`), and the investigator or
finance contacts the client. An answer "waive" opens the eftergift step, "new_plan" the
changed plan. Beside the lifecycle: the case stays."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from sqlmodel import select

from fut.enums import WorkStatus
from fut.lifecycle import Role
from fut.models import WorkItem
from fut.services import workflow
from fut.steps import sections
from fut.steps.base import Done, HumanStep, StepPayload, ui
from fut.validation import Text

NAME = "missed_payment"


class FollowUpPayload(StepPayload):
    action: Literal["contacted", "new_plan", "ability_check", "waive", "court", "none"] = Field(
        title="Vad har gjorts?",
        description="what was done: contacted the client, agreed a new plan, checks payment "
        "ability later, proposes eftergift or ersättningstalan, or nothing needed",
        json_schema_extra=ui(
            options={
                "contacted": "Den enskilde är kontaktad",
                "new_plan": "En ny avbetalningsplan är överenskommen",
                "ability_check": "Betalningsförmågan kontrolleras igen senare",
                "waive": "Eftergift föreslås",
                "court": "Ersättningstalan föreslås",
                "none": "Ingen åtgärd behövs",
            }
        ),
    )
    comment: Text = Field(
        default="", max_length=5000, title="Kommentar", json_schema_extra=ui(widget="textarea")
    )


WAIVER = "waiver"
PLAN_CHANGE = "plan_change"
FOLLOW_ON = {"waive": WAIVER, "new_plan": PLAN_CHANGE}
"""The step an answer opens: eftergift (fut/steps/waiver.py) for the decision maker, or the
changed plan (fut/steps/plan_change.py) to record what was agreed."""


def open_follow_on(done: Done, step: str) -> WorkItem | None:
    """Open `step` for the case unless one is open already."""
    already = done.session.exec(
        select(WorkItem).where(
            WorkItem.case_id == done.case_id,
            WorkItem.step == step,
            WorkItem.status == WorkStatus.OPEN,
        )
    ).first()
    if already is not None:
        return None
    return workflow.open_item(done.session, done.case_id, step, done.actor)


def complete(done: Done, data: FollowUpPayload) -> None:
    step = FOLLOW_ON.get(data.action)
    if step is not None:
        open_follow_on(done, step)


STEP = HumanStep(
    name=NAME,
    title="Avbetalning uteblev: kontakta den enskilde",
    roles=(Role.UTREDARE, Role.EKONOMI),
    payload=FollowUpPayload,
    complete=complete,
    basis=lambda session, case: [sections.debt(session, case)],
)
