"""An installment was missed: the daily follow-up opens this item within a week, and the
investigator or finance contacts the client. Beside the lifecycle: the case stays."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fut.lifecycle import Role
from fut.steps.base import HumanStep, StepPayload
from fut.validation import Text

NAME = "missed_payment"


class FollowUpPayload(StepPayload):
    action: Literal["contacted", "new_plan", "ability_check", "waive", "court", "none"] = Field(
        description="what was done: contacted the client, agreed a new plan, checks payment "
        "ability later, proposes eftergift or ersättningstalan, or nothing needed"
    )
    comment: Text = Field(default="", max_length=5000)


STEP = HumanStep(
    name=NAME,
    title="Avbetalning uteblev: kontakta den enskilde",
    roles=(Role.UTREDARE, Role.EKONOMI),
    payload=FollowUpPayload,
    complete=lambda done, data: None,
)
