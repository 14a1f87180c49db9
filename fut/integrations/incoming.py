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


@dataclass(frozen=True)
class IncomingPayment:
    """One amount towards one reference."""

    line: int
    bank_key: str
    """Unique for the bank: the same payment in a later file has the same key."""
    deposit_key: str
    paid_on: date
    amount_ore: int
    """Negative for a deduction or a minus reference: it takes back what was paid."""
    reference: str
    currency: str = "SEK"
    bank_says_wrong_reference: bool = False
    payer: str = ""
    information: str = ""
