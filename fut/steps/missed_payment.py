"""An installment was missed: the daily follow-up opens this item within a week, and the
investigator or finance contacts the client. Beside the lifecycle: the case stays."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fut.lifecycle import Role
from fut.steps import sections
from fut.steps.base import HumanStep, StepPayload, ui
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


STEP = HumanStep(
    name=NAME,
    title="Avbetalning uteblev: kontakta den enskilde",
    roles=(Role.UTREDARE, Role.EKONOMI),
    payload=FollowUpPayload,
    complete=lambda done, data: None,
    basis=lambda session, case: [sections.debt(session, case)],
)
