"""What the import makes of any bank file: amounts towards references, each with the bank's
identity of it, whatever the file's format (BgMax, a bank's CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class PaymentFileError(ValueError):
    """The file cannot be read: `line` (1-based) and what is wrong there."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"rad {line}: {problem}")
        self.line = line
        self.problem = problem


@dataclass(slots=True)
class IncomingPayment:
    """One amount towards one reference."""

    line: int
    identity: str
    """The bank's identity of what it belongs to (a BgMax deposit, a CSV row): what the
    bank sends again in a later file has the same identity, and is read once only."""
    paid_on: date
    amount_ore: int
    """Negative for a deduction or a minus reference: it takes back what was paid."""
    reference: str
    currency: str = "SEK"
    bank_says_wrong_reference: bool = False
    payer: str = ""
    information: str = ""
