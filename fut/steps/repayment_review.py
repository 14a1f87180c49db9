"""Every repayment is reviewed at least every six months: the daily follow-up opens this
item. Beside the lifecycle: the case stays."""

from __future__ import annotations

from fut.lifecycle import Role
from fut.steps import sections
from fut.steps.base import HumanStep
from fut.steps.missed_payment import FollowUpPayload
from fut.steps.missed_payment import complete as follow_on

NAME = "repayment_review"

STEP = HumanStep(
    name=NAME,
    title="Halvårsgenomgång av återbetalningen",
    roles=(Role.UTREDARE,),
    payload=FollowUpPayload,
    complete=follow_on,
    basis=lambda session, case: [sections.debt(session, case)],
)
