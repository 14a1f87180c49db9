"""Which law governs the recovery of a month's payment, and how to cite it.

Socialtjänstlagen (2025:400) entered into force on 2025-07-01 and replaced
socialtjänstlagen (2001:453). Under the transitional provisions, recovery of
ekonomiskt bistånd paid before that date still follows the old law, 9 kap.;
payments from 2025-07-01 follow the new law, 33 kap. The deciding date is the
payment date of each month's assistance; when none is recorded we use the 1st
of the month it concerns. That default is a simplification: assistance for
July 2025 paid in late June 2025 falls under the old law, so record real
payment dates whenever they are known.

Provisions (new law, text in ``tests/data/law/``):

* 33 kap. 1 § första stycket: incorrect information, failure to report
  changes or otherwise caused the overpayment; andra stycket: received too
  much and reasonably should have realised it.
* 33 kap. 4 § action at förvaltningsrätten; 5 § where and within three years.
* 33 kap. 6 § the board may waive the claim wholly or partly.

Old law, SoL (2001:453) 9 kap. (not in ``tests/data/law/``; numbering from the
law as cited in case law, e.g. HFD 2013 ref. 18 "9 kap. 1 §, 3 § och 4 §"):
9 kap. 1 § with the same two paragraphs (första/andra stycket), 9 kap. 3 §
action at förvaltningsrätten within three years, 9 kap. 4 § eftergift.
NOT VERIFIED against the consolidated text here: if the numbering turns out
different, change only the ``OLD_SOL`` constant below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from fut.rules.assistance_month import parse_month

NEW_SOL_IN_FORCE = date(2025, 7, 1)
"""Socialtjänstlagen (2025:400) applies to payments made on or after this date."""


class RecoveryGround(StrEnum):
    """The paragraph of the recovery section the investigator relies on."""

    INCORRECT_INFORMATION = "incorrect_information"
    """Första stycket: incorrect information, failure to report changes, or otherwise caused."""
    SHOULD_HAVE_REALISED = "should_have_realised"
    """Andra stycket: received too much and reasonably should have realised it."""


_PARAGRAPH = {
    RecoveryGround.INCORRECT_INFORMATION: "första stycket",
    RecoveryGround.SHOULD_HAVE_REALISED: "andra stycket",
}


@dataclass(frozen=True)
class LawProvisions:
    """Where a socialtjänstlag puts the rules on recovery (återkrav)."""

    law: str
    """Name and SFS number, written after the section: "socialtjänstlagen (2025:400)"."""
    recovery: str
    """The recovery section, e.g. "33 kap. 1 §"."""
    court_action: str
    """Action at förvaltningsrätten including its time limit, e.g. "33 kap. 4 och 5 §§"."""
    time_limit: str
    """The three-year time limit for the action, e.g. "33 kap. 5 §"."""
    waiver: str
    """The board may waive the claim (eftergift), e.g. "33 kap. 6 §"."""

    @property
    def short(self) -> str:
        """For a narrow table column: "SoL (2025:400)"."""
        return "SoL " + self.law.removeprefix("socialtjänstlagen ")


NEW_SOL = LawProvisions(
    law="socialtjänstlagen (2025:400)",
    recovery="33 kap. 1 §",
    court_action="33 kap. 4 och 5 §§",
    time_limit="33 kap. 5 §",
    waiver="33 kap. 6 §",
)

OLD_SOL = LawProvisions(
    law="socialtjänstlagen (2001:453)",
    recovery="9 kap. 1 §",
    court_action="9 kap. 3 §",
    time_limit="9 kap. 3 §",
    waiver="9 kap. 4 §",
)


class PaidMonth(Protocol):
    """Anything that says which month was paid and, if known, when."""

    @property
    def month(self) -> str: ...

    @property
    def payment_date(self) -> date | None: ...


def cost_date(month: str, payment_date: date | None = None) -> date:
    """The day the municipality's cost arose: the payment date, else the 1st of ``month``."""
    return payment_date if payment_date is not None else parse_month(month)


def provisions_for(payment_date: date) -> LawProvisions:
    """The law that governs recovery of a payment made on ``payment_date``."""
    return NEW_SOL if payment_date >= NEW_SOL_IN_FORCE else OLD_SOL


def recovery_citation(
    payment_date: date, ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION
) -> str:
    """E.g. "33 kap. 1 § första stycket socialtjänstlagen (2025:400)"."""
    law = provisions_for(payment_date)
    return f"{law.recovery} {_PARAGRAPH[RecoveryGround(ground)]} {law.law}"


def court_action_citation(payment_date: date) -> str:
    """E.g. "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400)" / "9 kap. 3 § ... (2001:453)"."""
    law = provisions_for(payment_date)
    return f"{law.court_action} {law.law}"


def time_limit_citation(payment_date: date) -> str:
    """E.g. "33 kap. 5 § socialtjänstlagen (2025:400)"."""
    law = provisions_for(payment_date)
    return f"{law.time_limit} {law.law}"


def waiver_citation(payment_date: date) -> str:
    """E.g. "33 kap. 6 § socialtjänstlagen (2025:400)" / "9 kap. 4 § ... (2001:453)"."""
    law = provisions_for(payment_date)
    return f"{law.waiver} {law.law}"


def citations_for(
    rows: Iterable[PaidMonth], ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION
) -> list[str]:
    """The distinct recovery citations of a case, in date order (old law before new)."""
    dates = sorted(cost_date(row.month, row.payment_date) for row in rows)
    citations: list[str] = []
    for day in dates:
        citation = recovery_citation(day, ground)
        if citation not in citations:
            citations.append(citation)
    return citations
