"""The closed sets of values the records carry. Code compares with these, never with bare
strings; the columns store their values as text."""

from __future__ import annotations

from enum import StrEnum


class WorkStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class DecisionKind(StrEnum):
    TRIAGE = "triage"
    INTENT = "intent"
    RECOVERY = "recovery"
    WAIVER = "waiver"
    PLAN_CHANGE = "plan_change"


class DecisionStatus(StrEnum):
    """Where a decision stands: a proposal awaiting the decision maker, decided, or
    returned to the proposer (four-eyes)."""

    PROPOSED = "proposed"
    DECIDED = "decided"
    RETURNED = "returned"


class TriageOutcome(StrEnum):
    INVESTIGATE = "investigate"
    NO_ACTION = "no_action"


class IntentAssessment(StrEnum):
    INTENT = "intent"
    GROSS_NEGLIGENCE = "gross_negligence"
    NONE = "none"


class RecoveryOutcome(StrEnum):
    RECOVER = "recover"
    NO_RECOVERY = "no_recovery"


class DebtStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    WAIVED = "waived"
    """Settled by eftergift (SoL 33:6), wholly or what was left after payments."""


class OutboxKind(StrEnum):
    START = "start"
    WAKE = "wake"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"


class FileFormat(StrEnum):
    """The format of a bank's file of payments (payment_import.file_format)."""

    BGMAX = "bgmax"
    CSV = "csv"


class QueueReason(StrEnum):
    """Why a bank's payment waits for a person (bank_payment.reason)."""

    NO_REFERENCE = "no_reference"
    INVALID_REFERENCE = "invalid_reference"
    BANK_SAYS_WRONG = "bank_says_wrong"
    NO_DEBT = "no_debt"
    DEBT_NOT_OPEN = "debt_not_open"
    CURRENCY = "currency"
    ORE = "ore"
