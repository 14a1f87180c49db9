"""Stages of a FUT case and the moves allowed between them (data, not code paths).

Human steps are work items a person completes; automatic stages are carried out by
the case's Prefect flow run; `repayment` waits for payments until the debt is paid. What
each step does is in its own module in `fut/steps/`.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    REGISTERED = "registered"
    TRIAGE = "triage"
    CLOSING_NO_ACTION = "closing_no_action"
    INVESTIGATION = "investigation"
    COMMUNICATION = "communication"
    CLIENT_REPLY = "client_reply"
    INTENT = "intent"
    DECISION_PROPOSAL = "decision_proposal"
    DECISION_APPROVAL = "decision_approval"
    DECISION = "decision"
    POLICE_REPORT = "police_report"
    REPAYMENT_PLAN = "repayment_plan"
    REPAYMENT = "repayment"
    CLOSED = "closed"


STAGE_NAMES: dict[Stage, str] = {
    Stage.REGISTERED: "Registrerad",
    Stage.TRIAGE: "Förhandsbedömning",
    Stage.CLOSING_NO_ACTION: "Avslutas utan åtgärd",
    Stage.INVESTIGATION: "Utredning",
    Stage.COMMUNICATION: "Kommunicering skickas",
    Stage.CLIENT_REPLY: "Väntar på klientens svar",
    Stage.INTENT: "Bedömning av uppsåt",
    Stage.DECISION_PROPOSAL: "Förslag till beslut",
    Stage.DECISION_APPROVAL: "Beslut",
    Stage.DECISION: "Beslut expedieras",
    Stage.POLICE_REPORT: "Polisanmälan",
    Stage.REPAYMENT_PLAN: "Avbetalningsplan",
    Stage.REPAYMENT: "Återbetalning",
    Stage.CLOSED: "Avslutat",
}
"""What the people using futflow call each stage (pages, Prefect artifacts)."""


class Role(StrEnum):
    HANDLAGGARE = "handlaggare"
    UTREDARE = "utredare"
    BESLUTSFATTARE = "beslutsfattare"
    EKONOMI = "ekonomi"
    CHEF = "chef"


# the stages the case's flow run carries out by itself (each has its module in fut/steps/);
# a stage with a human step there waits for a person; `repayment` waits for payments
AUTOMATIC_STAGES = frozenset(
    {Stage.CLOSING_NO_ACTION, Stage.COMMUNICATION, Stage.DECISION, Stage.POLICE_REPORT}
)

# the steps beside the lifecycle: work items the follow-up, timers and other steps open
# while the case stays where it is (each has its module in fut/steps/)
SIDE_STEPS = frozenset(
    {
        "court_deadline_warning",  # 90 days before a month's court deadline (SoL 33:5)
        "missed_payment",  # an installment was missed: the reminder letter has gone out
        "repayment_review",  # every repayment reviewed at least every six months
        "waiver",  # eftergift, wholly or partly (SoL 33:6), with its decision
        "plan_change",  # ändrad avbetalningsplan, with its decision
    }
)

MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.REGISTERED: frozenset({Stage.TRIAGE}),
    Stage.TRIAGE: frozenset({Stage.INVESTIGATION, Stage.CLOSING_NO_ACTION}),
    Stage.CLOSING_NO_ACTION: frozenset({Stage.CLOSED}),
    Stage.INVESTIGATION: frozenset({Stage.COMMUNICATION}),
    Stage.COMMUNICATION: frozenset({Stage.CLIENT_REPLY}),
    Stage.CLIENT_REPLY: frozenset({Stage.INTENT}),
    Stage.INTENT: frozenset({Stage.DECISION_PROPOSAL}),
    Stage.DECISION_PROPOSAL: frozenset({Stage.DECISION_APPROVAL}),
    Stage.DECISION_APPROVAL: frozenset({Stage.DECISION_PROPOSAL, Stage.DECISION}),
    Stage.DECISION: frozenset({Stage.POLICE_REPORT, Stage.REPAYMENT_PLAN, Stage.CLOSED}),
    Stage.POLICE_REPORT: frozenset({Stage.REPAYMENT_PLAN, Stage.CLOSED}),
    Stage.REPAYMENT_PLAN: frozenset({Stage.REPAYMENT, Stage.CLOSED}),
    Stage.REPAYMENT: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}


class IllegalMove(Exception):
    def __init__(self, from_stage: str, to_stage: str) -> None:
        super().__init__(f"a case cannot move from {from_stage} to {to_stage}")
        self.from_stage, self.to_stage = from_stage, to_stage


def check_move(from_stage: str, to_stage: str) -> None:
    if Stage(to_stage) not in MOVES[Stage(from_stage)]:
        raise IllegalMove(from_stage, to_stage)
